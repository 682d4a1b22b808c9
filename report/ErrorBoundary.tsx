import { Component, type ComponentChildren } from 'preact';

interface State {
  error: string | undefined;
}

/** Catches a view that throws while drawing and shows why, instead of a blank or half-drawn page. */
export class ErrorBoundary extends Component<{ children?: ComponentChildren; resetKey: unknown }, State> {
  override state: State = { error: undefined };
  private _shownKey: unknown = undefined;

  static override getDerivedStateFromError(e: unknown): Partial<State> {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override render() {
    // A new view (another dump, class or tab) gets a fresh chance to draw.
    if (this._shownKey !== this.props.resetKey) {
      this._shownKey = this.props.resetKey;
      if (this.state.error !== undefined) this.state.error = undefined;
    }
    if (this.state.error !== undefined) {
      return (
        <div class="error" role="alert" data-error="view">
          The report could not draw this view: {this.state.error}
        </div>
      );
    }
    return this.props.children;
  }
}
