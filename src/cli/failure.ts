/** A command that did part of its work and failed the rest: one line on stderr per problem, exit 1. */
export class PartialFailure extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'PartialFailure';
    this.problems = problems;
  }
}
