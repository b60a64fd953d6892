/**
 * The OTLP protobuf schema, parsed at start-up by protobufjs from the .proto files kept in the repo
 * (no code generation). `keepCase` keeps the snake_case field names of the .proto.
 */
import protobuf from 'protobufjs';
import common from './proto/common.proto?raw';
import resource from './proto/resource.proto?raw';
import trace from './proto/trace.proto?raw';
import traceService from './proto/trace_service.proto?raw';

/** A fresh, resolved root of the OTLP schema (each call parses anew: roots do not share types). */
export function parseOtlpRoot(): protobuf.Root {
  const root = new protobuf.Root();
  for (const text of [common, resource, trace, traceService]) protobuf.parse(text, root, { keepCase: true });
  root.resolveAll();
  return root;
}

export const REQUEST_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';

const root = parseOtlpRoot();

export const otlpRoot = root;
export const ExportTraceServiceRequest = root.lookupType(REQUEST_TYPE);
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);
