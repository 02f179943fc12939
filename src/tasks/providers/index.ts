import type { ModelConfig } from '../../config.js';
import type { Logger } from '../../util/logger.js';
import { OpenAiCompatibleProvider } from './openai-compatible.js';
import type { ChatProvider } from './types.js';

export * from './types.js';
export { OpenAiCompatibleProvider, type OpenAiCompatibleOptions } from './openai-compatible.js';

/** The provider the server's configuration describes. */
export function createModelProvider(config: ModelConfig, logger?: Logger): ChatProvider {
  return new OpenAiCompatibleProvider({ ...config, logger });
}
