import protobuf from 'protobufjs';
import { otlpSchema } from './otlp-schema.js';

/** Parsed once at start-up (a few ms); both decoding and response encoding use it. */
export const otlpRoot = protobuf.parse(otlpSchema, { keepCase: false }).root;
