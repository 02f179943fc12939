export { TaskService, type TaskServiceOptions, type Submission, RESTART_MESSAGE } from './service.js';
export { SkillGenerator, type GenerateInput, type GenerateEvent } from './generation/service.js';
export { createModelProvider, type ChatProvider } from './providers/index.js';
export { OPEN_GATE, type RunGate, type RunGateDecision, type TaskInput, type TaskEvent } from './types.js';
