export { ChangeListener, type ChangeListenerOptions, type TopicHandler } from './change-listener.js';
export { followStoreChanges, type FollowedParts } from './follow-store.js';
export { LeasedSchedule, type LeasedScheduleOptions } from './leased-schedule.js';
