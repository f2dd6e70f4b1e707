/**
 * A JSON value given as the pieces of its text, for results too large for one string (a struct
 * log of millions of steps passes V8's ~512 MB string limit, "Invalid string length"). The HTTP
 * server writes the pieces as they come (chunked transfer encoding); anything that needs the value
 * itself (a batch, in-process dispatch) gets it through toJSON.
 */
export class JsonChunks {
  private readonly produce: () => Iterable<string>;

  constructor(produce: () => Iterable<string>) {
    this.produce = produce;
  }

  chunks(): Iterable<string> {
    return this.produce();
  }

  /** The whole value, for JSON.stringify of an enclosing object: only for results that fit a string. */
  toJSON(): unknown {
    return JSON.parse([...this.produce()].join(''));
  }
}

/** `{"key":value,…,"arrayKey":[items…]}` with the array's items serialized `batch` at a time. */
export function objectWithLargeArray(head: Record<string, unknown>, arrayKey: string, items: readonly unknown[], batch = 1024): JsonChunks {
  return new JsonChunks(function* () {
    const open = JSON.stringify(head);
    yield `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}${JSON.stringify(arrayKey)}:[`;
    for (let i = 0; i < items.length; i += batch) {
      const text = items.slice(i, i + batch).map((item) => JSON.stringify(item)).join(',');
      yield i === 0 ? text : `,${text}`;
    }
    yield ']}';
  });
}
