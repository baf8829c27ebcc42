// Checks the indices a model holds (tensor, buffer, op code, subgraph) so later stages can index without guards.
import { Codes } from '../../../diag/catalogue.js';
import { userError } from '../../../diag/diagnostic.js';
import type { TfliteModel } from './types.js';

/** Throws LC2001 naming the first index that points outside its list. */
export function checkReferences(model: TfliteModel, file: string): void {
  const bad = (where: string, message: string): never =>
    userError(Codes.CorruptFile, `invalid TFLite model: ${where}: ${message}`, { file });
  const inRange = (i: number, n: number): boolean => Number.isInteger(i) && i >= 0 && i < n;
  const nBuffers = model.buffers.length;
  // Tensors without data use buffer 0; tolerate it even in a file that lists no buffers at all.
  const bufferOk = (i: number): boolean => inRange(i, nBuffers) || (i === 0 && nBuffers === 0);

  model.subgraphs.forEach((sg, s) => {
    const nTensors = sg.tensors.length;
    const tensorRefs = (list: readonly number[], where: string, optional: boolean): void => {
      list.forEach((i, k) => {
        if (!(inRange(i, nTensors) || (optional && i === -1))) {
          bad(`${where}[${k}]`, `tensor index ${i} is out of range (subgraph ${s} has ${nTensors} tensors)`);
        }
      });
    };
    sg.tensors.forEach((t, i) => {
      if (!bufferOk(t.buffer)) bad(`subgraphs[${s}].tensors[${i}]`, `buffer index ${t.buffer} is out of range (${nBuffers} buffers)`);
    });
    tensorRefs(sg.inputs, `subgraphs[${s}].inputs`, false);
    tensorRefs(sg.outputs, `subgraphs[${s}].outputs`, false);
    sg.operators.forEach((op, o) => {
      const where = `subgraphs[${s}].operators[${o}]`;
      if (!inRange(op.opcodeIndex, model.operatorCodes.length)) {
        bad(where, `opcode_index ${op.opcodeIndex} is out of range (${model.operatorCodes.length} operator codes)`);
      }
      // -1 marks an omitted optional tensor (inputs, and outputs of a few recurrent ops).
      tensorRefs(op.inputs, `${where}.inputs`, true);
      tensorRefs(op.outputs, `${where}.outputs`, true);
      tensorRefs(op.intermediates, `${where}.intermediates`, false);
    });
  });
  model.metadata.forEach((md, i) => {
    if (!inRange(md.buffer, nBuffers)) bad(`metadata[${i}]`, `buffer index ${md.buffer} is out of range (${nBuffers} buffers)`);
  });
  model.metadataBuffer.forEach((b, i) => {
    if (!inRange(b, nBuffers)) bad(`metadata_buffer[${i}]`, `buffer index ${b} is out of range (${nBuffers} buffers)`);
  });
  model.signatureDefs.forEach((sig, i) => {
    const sg = model.subgraphs[sig.subgraphIndex];
    if (sg === undefined) {
      bad(`signature_defs[${i}]`, `subgraph_index ${sig.subgraphIndex} is out of range (${model.subgraphs.length} subgraphs)`);
      return;
    }
    for (const [list, name] of [[sig.inputs, 'inputs'], [sig.outputs, 'outputs']] as const) {
      list.forEach((m, k) => {
        if (!inRange(m.tensorIndex, sg.tensors.length)) {
          bad(`signature_defs[${i}].${name}[${k}]`, `tensor_index ${m.tensorIndex} is out of range (${sg.tensors.length} tensors)`);
        }
      });
    }
  });
}
