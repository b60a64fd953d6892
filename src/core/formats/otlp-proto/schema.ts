/**
 * The OTLP protobuf schema, parsed at start-up by protobufjs from the .proto files kept in the repo
 * (no code generation). `keepCase` keeps the snake_case field names of the .proto.
 */
import protobuf from 'protobufjs';
import common from './proto/common.proto?raw';
import resource from './proto/resource.proto?raw';
import trace from './proto/trace.proto?raw';
import traceService from './proto/trace_service.proto?raw';

const root = new protobuf.Root();
for (const text of [common, resource, trace, traceService]) protobuf.parse(text, root, { keepCase: true });
root.resolveAll();

export const otlpRoot = root;
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);
