import { createMemorySendCapStore } from '../src/send-cap/send-cap-store.js';
import { sendCapStoreContract } from './send-cap.contract.js';

sendCapStoreContract('memory', async () => createMemorySendCapStore());
