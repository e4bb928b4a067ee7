// EDF+ patient and recording identification subfields, and the header's dd.mm.yy / hh.mm.ss start.
import type { CalendarDate, EdfPatient, EdfRecordingInfo } from './edf-types';
import { FormatError } from './format-error';
import { toPrintableAscii } from './text-bytes';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function isValidDate(d: CalendarDate): boolean {
  if (!Number.isInteger(d.year) || !Number.isInteger(d.month) || !Number.isInteger(d.day)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
}

/** "02-MAY-1951" (any letter case) -> date; null for "X" or anything else. */
export function parseEdfPlusDate(text: string): CalendarDate | null {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!m) return null;
  const date = { day: Number(m[1]), month: MONTHS.indexOf(m[2]!.toUpperCase()) + 1, year: Number(m[3]) };
  return isValidDate(date) ? date : null;
}

export function formatEdfPlusDate(d: CalendarDate): string {
  return `${pad2(d.day)}-${MONTHS[d.month - 1]}-${d.year}`;
}

function unknownOr(text: string | undefined): string | null {
  return text === undefined || text === 'X' ? null : text.replace(/_/g, ' ');
}

/** EDF+ "code sex birthdate name [additional...]", or null when the field does not have that form. */
export function parsePatientField(field: string): EdfPatient | null {
  const parts = field.trim().split(/ +/);
  if (parts.length < 4) return null;
  const [code, sex, birth, name, ...rest] = parts;
  if (sex !== 'F' && sex !== 'M' && sex !== 'X') return null;
  if (birth !== 'X' && parseEdfPlusDate(birth ?? '') === null) return null;
  return {
    code: unknownOr(code),
    sex: sex === 'X' ? null : sex,
    birthDate: birth === 'X' ? null : parseEdfPlusDate(birth ?? ''),
    name: unknownOr(name),
    additional: rest.join(' '),
  };
}

/** EDF+ "Startdate dd-MMM-yyyy admincode technician equipment [additional...]", or null. */
export function parseRecordingField(field: string): EdfRecordingInfo | null {
  const parts = field.trim().split(/ +/);
  if (parts[0] !== 'Startdate' || parts.length < 2) return null;
  const [, date, admin, technician, equipment, ...rest] = parts;
  const startDate = date === 'X' ? null : parseEdfPlusDate(date ?? '');
  if (date !== 'X' && startDate === null) return null;
  return {
    startDate,
    adminCode: unknownOr(admin),
    technician: unknownOr(technician),
    equipment: unknownOr(equipment),
    additional: rest.join(' '),
  };
}

/** What the writer puts in the patient field; absent or null parts are written as X (unknown). */
export interface PatientInput {
  readonly code?: string | null;
  readonly sex?: 'F' | 'M' | null;
  readonly birthDate?: CalendarDate | null;
  readonly name?: string | null;
  readonly additional?: string;
}

export interface RecordingInput {
  readonly adminCode?: string | null;
  readonly technician?: string | null;
  readonly equipment?: string | null;
  readonly additional?: string;
}

/** One EDF+ subfield: printable ASCII, spaces as underscores, X when unknown. */
export function subfield(text: string | null | undefined): string {
  if (text === null || text === undefined || text.trim() === '') return 'X';
  return toPrintableAscii(text.trim()).replace(/ /g, '_');
}

export function formatPatientField(p: PatientInput): string {
  const birth = p.birthDate ? formatEdfPlusDate(p.birthDate) : 'X';
  const extra = p.additional ? ` ${toPrintableAscii(p.additional)}` : '';
  return `${subfield(p.code)} ${p.sex ?? 'X'} ${birth} ${subfield(p.name)}${extra}`;
}

export function formatRecordingField(startDate: CalendarDate | null, r: RecordingInput): string {
  const date = startDate ? formatEdfPlusDate(startDate) : 'X';
  const extra = r.additional ? ` ${toPrintableAscii(r.additional)}` : '';
  return `Startdate ${date} ${subfield(r.adminCode)} ${subfield(r.technician)} ${subfield(r.equipment)}${extra}`;
}

/** The header's "dd.mm.yy": years 1985-2084 by the EDF clipping rule, "yy" after 2084. */
export function formatHeaderDate(d: CalendarDate): string {
  if (d.year < 1985) throw new FormatError(`EDF cannot store a start date before 1985 (${d.year})`);
  const yy = d.year > 2084 ? 'yy' : pad2(d.year % 100);
  return `${pad2(d.day)}.${pad2(d.month)}.${yy}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Two-digit EDF year by the 1985 clipping rule. */
export function yearFromYy(yy: number): number {
  return yy >= 85 ? 1900 + yy : 2000 + yy;
}
