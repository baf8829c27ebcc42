// Text views of AttrValue bytes: TensorFlow stores string attrs ('SAME', 'NHWC', ...) as bytes.
import type { AttrValue } from './types-framework.js';

const UTF8 = new TextDecoder('utf-8');

/** The attr's `s` member as text, or undefined when the attr holds something else. */
export function attrString(attr: AttrValue | undefined): string | undefined {
  return attr?.s === undefined ? undefined : UTF8.decode(attr.s);
}

/** The attr's `list.s` members as text (empty when the attr is not a list). */
export function attrStrings(attr: AttrValue | undefined): string[] {
  return attr?.list?.s.map((b) => UTF8.decode(b)) ?? [];
}
