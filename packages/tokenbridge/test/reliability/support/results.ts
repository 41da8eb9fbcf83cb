// Tasks that must succeed or fail; a LeakSweep is a Recorder, so what they produced is swept for secrets.
export { fails, succeeds as ok } from '@tokenbridge/testing';
