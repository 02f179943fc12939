import { render } from 'preact';
import { App } from './app.js';
import { applyTheme } from './lib/theme.js';
import { interceptLinks } from './lib/router.js';
import './styles.css';

applyTheme();
interceptLinks();
render(<App />, document.getElementById('app')!);
