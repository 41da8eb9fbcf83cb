/**
 * A bounded queue between producers and one async consumer: producers wait
 * when it is full, so a fast provider cannot fill memory while the consumer
 * is slow.
 */
export class Channel<T> {
  private readonly items: T[] = [];
  private readonly waitingProducers: Array<() => void> = [];
  private waitingConsumer: (() => void) | undefined;
  private open = true;

  constructor(private readonly capacity: number) {}

  /** Adds an item, waiting while the channel is full. */
  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && this.open) await new Promise<void>((resolve) => this.waitingProducers.push(resolve));
    if (!this.open) return;
    this.items.push(item);
    this.wakeConsumer();
  }

  /** No more items will come. */
  end(): void {
    this.open = false;
    this.wakeConsumer();
    for (const wake of this.waitingProducers.splice(0)) wake();
  }

  /** Yields items until the channel has ended and drained. */
  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        this.waitingProducers.shift()?.();
        yield item;
        continue;
      }
      if (!this.open) return;
      await new Promise<void>((resolve) => (this.waitingConsumer = resolve));
    }
  }

  private wakeConsumer(): void {
    const wake = this.waitingConsumer;
    this.waitingConsumer = undefined;
    wake?.();
  }
}
