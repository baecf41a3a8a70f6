// One figure at a time to the drawing worker: while it is busy only the latest request waits,
// and a final figure is never replaced by a partial one of the same run.

export interface DrawRequest {
  id: number;
  type: "draw";
  json: string;
  view: string | null;
  final: boolean;
  scale: number;
}

export class DrawQueue {
  private busy = false;
  private next: DrawRequest | null = null;

  constructor(private readonly send: (request: DrawRequest) => Promise<void>) {}

  request(request: DrawRequest): void {
    if (this.busy) {
      if (!(this.next?.final && this.next.id === request.id && !request.final)) this.next = request;
      return;
    }
    this.busy = true;
    this.send(request).catch(() => {
      this.busy = false;
    });
  }

  /** The worker answered: send what waited, if it still belongs to the current run. */
  done(currentId: number): void {
    this.busy = false;
    const next = this.next;
    this.next = null;
    if (next && next.id === currentId) this.request(next);
  }

  reset(): void {
    this.busy = false;
    this.next = null;
  }
}
