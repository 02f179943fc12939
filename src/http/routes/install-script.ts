import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { InstallScript } from '../../gateway/index.js';
import { baseUrl } from '../base-url.js';
import { sendBytes } from '../send-bytes.js';
import { RawBody } from '../schemas/artifacts.js';
import { commonErrors } from '../schemas/common.js';

/** `GET /api/skills/install.sh`: the shell installer, with this server as its default. */
export const installScriptRoutes: FastifyPluginAsyncTypebox<{ script: InstallScript; publicUrl?: string }> = async (app, { script, publicUrl }) => {
  app.get('/api/skills/install.sh', {
    config: { access: { public: true } },
    compress: false,
    schema: {
      tags: ['discovery'],
      summary: 'The POSIX shell installer: `curl -fsSL URL | sh -s -- --agent cursor --scope project`',
      description:
        'Installs every skill the caller may install (or `--skills a,b`) into an agent\'s skills folder, checking each bundle\'s sha256 before anything lands, with a manifest for `--update` and `--uninstall`. ' +
        'The script names this server (SKILLPORT_PUBLIC_URL, or the request\'s host) as its default; a key (SKILLPORT_KEY, `--key`) or share token (`--share`) is given when it runs, never baked in. `--help` lists every option.',
      response: { 200: RawBody('text/plain; charset=utf-8'), ...commonErrors },
    },
  }, async (request, reply) => {
    const body = script.render(baseUrl(request, publicUrl));
    return sendBytes(request, reply, { ...body, type: 'text/plain; charset=utf-8', private: false });
  });
};
