/**
 * Package names the supply-chain rules compare installs against. `POPULAR` lists widely used
 * packages (a name one edit away from one of them, and not itself listed, is a suspected
 * typosquat); `KNOWN_TYPOSQUATS` lists names that were published to imitate a popular package and
 * taken down or documented as malicious. Names are lower case; PyPI names use `-` for any of `-_.`.
 */
export type Ecosystem = 'npm' | 'pypi';

export const POPULAR: Record<Ecosystem, readonly string[]> = {
  npm: [
    'react', 'react-dom', 'preact', 'vue', 'svelte', 'next', 'nuxt', 'express', 'koa', 'fastify', 'hapi', 'lodash', 'underscore', 'axios', 'request',
    'node-fetch', 'got', 'superagent', 'chalk', 'commander', 'yargs', 'minimist', 'debug', 'dotenv', 'cross-env', 'cross-spawn', 'moment', 'dayjs',
    'date-fns', 'uuid', 'nanoid', 'classnames', 'clsx', 'prop-types', 'typescript', 'ts-node', 'tsx', 'webpack', 'webpack-cli', 'rollup', 'vite',
    'esbuild', 'parcel', 'eslint', 'prettier', 'jest', 'mocha', 'chai', 'vitest', 'sinon', 'jquery', 'bootstrap', 'tailwindcss', 'postcss',
    'autoprefixer', 'sass', 'node-sass', 'less', 'mongoose', 'mongodb', 'mysql', 'mysql2', 'pg', 'sqlite3', 'better-sqlite3', 'redis', 'ioredis',
    'sequelize', 'typeorm', 'prisma', 'knex', 'kysely', 'socket.io', 'ws', 'body-parser', 'cors', 'helmet', 'morgan', 'passport', 'jsonwebtoken',
    'bcrypt', 'bcryptjs', 'nodemailer', 'multer', 'sharp', 'jimp', 'puppeteer', 'playwright', 'cheerio', 'jsdom', 'rxjs', 'immer', 'redux',
    'zustand', 'mobx', 'graphql', 'electron', 'fluent-ffmpeg', 'gulp', 'grunt', 'grunt-cli', 'nodemon', 'pm2', 'concurrently', 'rimraf', 'mkdirp',
    'glob', 'fs-extra', 'chokidar', 'semver', 'ajv', 'zod', 'yup', 'joi', 'inquirer', 'ora', 'colors', 'async', 'bluebird', 'core-js', 'tslib',
    'openai', 'langchain', 'd3', 'three', 'chart.js', 'http-proxy', 'http-server', 'serve', 'shelljs', 'execa', 'yaml', 'js-yaml', 'xml2js',
    'marked', 'markdown-it', 'highlight.js', 'discord.js', 'twilio', 'stripe', 'aws-sdk', 'firebase', 'fabric', 'babel-cli', 'coffee-script',
    'event-stream', 'ua-parser-js', 'electron-builder', 'vue-router', 'react-router', 'react-router-dom', 'styled-components', 'formik',
    'react-hook-form', 'swr', 'ethers', 'web3', 'mathjs', 'qs', 'cookie', 'cookie-parser', 'express-session', 'winston', 'pino', 'bunyan',
    'node-cron', 'cron', 'ffmpeg-static', 'opencv4nodejs', 'canvas', 'pdfkit', 'xlsx', 'papaparse', 'handlebars', 'ejs', 'pug', 'mustache',
    'vuex', 'pinia', 'angular', 'ember-cli', 'next-auth', 'firebase-admin', 'mailgun-js', 'sendgrid', 'ts-jest', 'nyc', 'c8', 'husky',
    'lint-staged', 'nx', 'lerna', 'turbo', 'yarn', 'pnpm', 'npm', 'npx', 'skills', 're2js', 're2', 'fastify-cli',
  ],
  pypi: [
    'requests', 'urllib3', 'numpy', 'pandas', 'scipy', 'matplotlib', 'seaborn', 'scikit-learn', 'sklearn', 'tensorflow', 'torch', 'torchvision',
    'torchaudio', 'keras', 'transformers', 'datasets', 'tokenizers', 'huggingface-hub', 'openai', 'anthropic', 'langchain', 'flask', 'django',
    'fastapi', 'uvicorn', 'gunicorn', 'starlette', 'pydantic', 'sqlalchemy', 'psycopg2', 'psycopg2-binary', 'psycopg', 'pymysql', 'mysqlclient',
    'pymongo', 'redis', 'celery', 'boto3', 'botocore', 'boto', 's3transfer', 'awscli', 'google-cloud-storage', 'azure-storage-blob',
    'beautifulsoup4', 'bs4', 'lxml', 'html5lib', 'selenium', 'playwright', 'scrapy', 'pillow', 'opencv-python', 'opencv-python-headless',
    'imageio', 'pyyaml', 'toml', 'tomli', 'python-dateutil', 'pytz', 'tzdata', 'six', 'setuptools', 'wheel', 'pip', 'virtualenv', 'pipenv',
    'poetry', 'black', 'flake8', 'pylint', 'mypy', 'isort', 'ruff', 'pytest', 'pytest-cov', 'pytest-mock', 'tox', 'coverage', 'nose', 'mock',
    'click', 'typer', 'rich', 'tqdm', 'colorama', 'termcolor', 'jinja2', 'markupsafe', 'werkzeug', 'itsdangerous', 'cryptography',
    'pyopenssl', 'paramiko', 'pycryptodome', 'pycrypto', 'bcrypt', 'passlib', 'pyjwt', 'httpx', 'aiohttp', 'websockets', 'grpcio', 'protobuf',
    'simplejson', 'ujson', 'orjson', 'jsonschema', 'attrs', 'networkx', 'sympy', 'nltk', 'spacy', 'gensim', 'jupyter', 'notebook', 'ipython',
    'ipykernel', 'jellyfish', 'python-nmap', 'docker', 'kubernetes', 'ansible', 'fabric', 'invoke', 'pexpect', 'psutil', 'watchdog', 'schedule',
    'apscheduler', 'python-dotenv', 'certifi', 'idna', 'chardet', 'charset-normalizer', 'packaging', 'filelock', 'regex', 'tiktoken',
    'sentencepiece', 'xgboost', 'lightgbm', 'catboost', 'statsmodels', 'plotly', 'dash', 'streamlit', 'gradio', 'pygame', 'pyqt5', 'pyside6',
    'kivy', 'pyautogui', 'openpyxl', 'xlrd', 'xlsxwriter', 'python-docx', 'python-pptx', 'pypdf', 'pypdf2', 'pdfplumber', 'pymupdf',
    'reportlab', 'markdown', 'mistune', 'pygments', 'sphinx', 'mkdocs', 'discord-py', 'tweepy', 'slack-sdk', 'twilio', 'stripe', 'sentry-sdk',
    'loguru', 'structlog', 'tenacity', 'retrying', 'cachetools', 'diskcache', 'more-itertools', 'toolz', 'multidict', 'yarl', 'frozenlist',
    'typing-extensions', 'zipp', 'importlib-metadata', 'wrapt', 'decorator', 'cffi', 'pycparser', 'greenlet', 'gevent', 'eventlet', 'twisted',
    'tornado', 'dateparser', 'arrow', 'pendulum', 'faker', 'hypothesis', 'pyarrow', 'polars', 'duckdb', 'dask', 'numba', 'cython', 'joblib',
    'h5py', 'tables', 'sqlmodel', 'alembic', 'marshmallow', 'python-multipart', 'email-validator', 'pyserial', 'pyusb', 'scapy', 'shodan',
    'mcp', 'fastmcp', 'uv', 'pipx', 'pyinstaller', 'nuitka', 'ffmpeg-python', 'moviepy', 'pydub', 'librosa', 'soundfile', 'whisper',
    'openai-whisper', 'accelerate', 'diffusers', 'peft', 'bitsandbytes', 'safetensors', 'onnx', 'onnxruntime', 'jax', 'flax', 'optax',
    'google-generativeai', 'google-genai', 'cohere', 'llama-index', 'chromadb', 'faiss-cpu', 'pinecone-client', 'weaviate-client',
    'qdrant-client', 'python-jose', 'authlib', 'oauthlib', 'requests-oauthlib', 'pysocks', 'urllib3-secure-extra', 'markdownify', 'html2text',
  ],
};

export const KNOWN_TYPOSQUATS: Record<Ecosystem, readonly string[]> = {
  npm: [
    'babelcli', 'crossenv', 'cross-env.js', 'd3.js', 'fabric-js', 'ffmepg', 'gruntcli', 'http-proxy.js', 'jquery.js', 'mongose', 'mssql.js',
    'mssql-node', 'mysqljs', 'nodecaffe', 'nodefabric', 'node-fabric', 'nodeffmpeg', 'nodemailer-js', 'nodemailer.js', 'nodemssql',
    'node-opencv', 'node-opensl', 'node-openssl', 'noderequest', 'nodesass', 'nodesqlite', 'node-sqlite', 'node-tkinter', 'opencv.js',
    'openssl.js', 'proxy.js', 'shadowsock', 'smb', 'sqlite.js', 'sqliter', 'sqlserver', 'tkinter', 'electorn', 'loadyaml', 'lodashs',
    'discordi.js', 'twilio-npm',
  ],
  pypi: [
    'python3-dateutil', 'jeilyfish', 'colourama', 'acqusition', 'apidev-coop', 'bzip', 'crypt', 'django-server', 'pwd', 'setup-tools',
    'telnet', 'urlib3', 'urllib', 'python-sqlite', 'diango', 'djago', 'dajngo',
  ],
};
