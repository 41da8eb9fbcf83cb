/** Runs `main` and returns what it printed with `console.log`, one string a call (an example's output, for its test). */
export async function logged(main: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await main();
  } finally {
    log.mockRestore();
  }
  return lines;
}
