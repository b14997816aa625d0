// The error a snapshot raises when ndctl or daxctl printed something that is not the JSON it should print.

/** Raised when a tool printed something that is not the JSON we expect; says which tool and what. */
export class ToolOutputError extends Error {
  constructor(readonly tool: string, message: string) {
    super(`${tool} printed unexpected output: ${message}`);
    this.name = 'ToolOutputError';
  }
}
