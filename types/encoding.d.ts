/**
 * The WHATWG Encoding API, which browsers and Node both provide: the only platform API the pure
 * domain may use. Declared here so the domain is type-checked without the DOM or Node's types.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
