/** A commander argument parser for whole numbers that names the flag when the value is bad. */
import { InvalidArgumentError } from 'commander';

export function parseInteger(flag: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number of at least ${min}, not "${value}".`);
    }
    return n;
  };
}
