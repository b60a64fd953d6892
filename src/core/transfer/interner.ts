/** Distinct strings in first-seen order, each with its index (a string table being built). */
export class Interner {
  readonly values: string[] = [];
  private readonly indexOf = new Map<string, number>();

  index(value: string): number {
    let i = this.indexOf.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.indexOf.set(value, i);
    }
    return i;
  }
}
