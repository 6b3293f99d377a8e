// Reads an Arrow IPC stream or file with the npm apache-arrow package (an independent implementation) and prints it
// in the Arrow integration JSON format, for the C# interop tests to compare value by value with the golden JSON.
// apache-arrow's JSON writer leaves custom metadata out, so the metadata apache-arrow read is added here.
// Usage: node read-arrow.mjs FILE
import { readFileSync } from 'node:fs';
import { RecordBatchJSONWriter, RecordBatchReader } from 'apache-arrow';

// Batch by batch (not through a Table, which merges fields of the same name).
const reader = RecordBatchReader.from(readFileSync(process.argv[2]));
reader.open();
const schema = reader.schema;
const writer = new RecordBatchJSONWriter();
writer.reset(undefined, schema);
for (const batch of reader) writer.write(batch);
writer.finish();
const json = JSON.parse(await writer.toString());

const metadataList = (map) => [...(map ?? new Map()).entries()].map(([key, value]) => ({ key, value }));
const addMetadata = (jsonFields, fields) => jsonFields.forEach((jsonField, i) => {
  const list = metadataList(fields[i].metadata);
  if (list.length > 0) jsonField.metadata = list;
  addMetadata(jsonField.children ?? [], fields[i].type.children ?? []);
});
addMetadata(json.schema.fields, schema.fields);
const schemaMetadata = metadataList(schema.metadata);
if (schemaMetadata.length > 0) json.schema.metadata = schemaMetadata;

process.stdout.write(JSON.stringify(json));
