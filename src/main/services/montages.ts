// Montages: the built-in ones from resources/presets/montages.json and the technician's own, saved as one small
// JSON file in the data folder (written to a temporary file and renamed, so a crash never leaves half a file).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ApiError, type Montage, type SaveMontageRequest } from '../../shared/api';
import { labelsProblem, montageNameProblem } from '../../shared/montages';

export const MONTAGES_FILE_NAME = 'montages.json';
export const PRESETS_FILE = path.join('presets', 'montages.json');

const boardKind = z.enum(['cyton', 'cyton-daisy', 'thinkgear', 'text']);

const montageEntry = z
  .object({
    name: z.string().superRefine((name, ctx) => {
      const problem = montageNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    labels: z
      .array(z.string())
      .min(1)
      .superRefine((labels, ctx) => {
        const problem = labelsProblem(labels);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    description: z.string().max(500).nullable().optional(),
    board: boardKind.nullable().optional(),
    savedAt: z.number().optional(),
  })
  .loose();

const montageFile = z.object({ montages: z.array(montageEntry) }).loose();

type Entry = z.infer<typeof montageEntry>;

function toMontage(entry: Entry, builtIn: boolean): Montage {
  return {
    name: entry.name,
    labels: entry.labels,
    builtIn,
    description: entry.description ?? null,
    board: entry.board ?? null,
  };
}

function readMontageFile(file: string): Entry[] {
  const parsed = montageFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not a montage file'}`);
  }
  return parsed.data.montages;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class MontageStore {
  readonly #builtIn: readonly Montage[];
  #saved: Montage[];
  readonly #file: string;
  /** Problems met while opening, for a notice (the store still works). */
  readonly problems: readonly string[];

  private constructor(file: string, builtIn: readonly Montage[], saved: Montage[], problems: string[]) {
    this.#file = file;
    this.#builtIn = builtIn;
    this.#saved = saved;
    this.problems = problems;
  }

  /**
   * Reads the presets and the saved montages. A saved file that cannot be read is moved aside (never deleted) so
   * that new montages can be saved, and the problem is reported in `problems`.
   */
  static open(presetsFile: string, file: string, now: () => number = Date.now): MontageStore {
    const problems: string[] = [];
    let builtIn: Montage[] = [];
    try {
      builtIn = readMontageFile(presetsFile).map((e) => toMontage(e, true));
    } catch (error) {
      problems.push(`The built-in montages (${presetsFile}) could not be read: ${message(error)}`);
    }
    let saved: Montage[] = [];
    if (existsSync(file)) {
      try {
        saved = readMontageFile(file)
          .map((e) => toMontage(e, false))
          .filter((m) => !builtIn.some((b) => sameName(b.name, m.name)));
      } catch (error) {
        const aside = file.replace(/\.json$/, `.unreadable-${now()}.json`);
        try {
          renameSync(file, aside);
          problems.push(
            `Your saved montages could not be read (${message(error)}); the file was kept as ${aside} and a new one will be started.`,
          );
        } catch (renameError) {
          problems.push(
            `Your saved montages could not be read (${message(error)}) nor moved aside (${message(renameError)}).`,
          );
        }
      }
    }
    return new MontageStore(file, builtIn, saved, problems);
  }

  get file(): string {
    return this.#file;
  }

  /** Built-in montages first (in their file's order), then the saved ones by name. */
  list(): Montage[] {
    return [...this.#builtIn, ...[...this.#saved].sort((a, b) => a.name.localeCompare(b.name))];
  }

  get(name: string): Montage | undefined {
    return this.list().find((m) => sameName(m.name, name));
  }

  /** Saves a new montage or replaces a saved one of the same name (case-insensitive). */
  save(request: SaveMontageRequest): Montage {
    if (this.#builtIn.some((m) => sameName(m.name, request.name))) {
      throw new ApiError({
        code: 'conflict',
        message: `"${request.name}" is a built-in montage and cannot be replaced: save yours under another name.`,
      });
    }
    const montage: Montage = {
      name: request.name,
      labels: [...request.labels],
      builtIn: false,
      description: request.description ?? null,
      board: request.board ?? null,
    };
    this.#write([...this.#saved.filter((m) => !sameName(m.name, request.name)), montage]);
    return montage;
  }

  delete(name: string): Montage[] {
    if (this.#builtIn.some((m) => sameName(m.name, name))) {
      throw new ApiError({
        code: 'conflict',
        message: `"${name}" is a built-in montage and cannot be deleted.`,
      });
    }
    if (!this.#saved.some((m) => sameName(m.name, name))) {
      throw new ApiError({ code: 'not_found', message: `There is no saved montage called "${name}".` });
    }
    this.#write(this.#saved.filter((m) => !sameName(m.name, name)));
    return this.list();
  }

  #write(saved: Montage[]): void {
    const body = {
      montages: saved.map((m) => ({
        name: m.name,
        labels: m.labels,
        description: m.description,
        board: m.board,
      })),
    };
    const temporary = `${this.#file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.#file), { recursive: true });
      writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`);
      renameSync(temporary, this.#file);
    } catch (error) {
      throw new ApiError({
        code: 'storage_error',
        message: `The montage could not be saved to ${this.#file}: ${message(error)}`,
      });
    }
    this.#saved = saved;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
