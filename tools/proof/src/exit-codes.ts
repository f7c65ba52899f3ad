/** The runner's exit codes: a proof is binary, so there is no code for "mostly". */
export const EXIT = Object.freeze({
  pass: 0,
  fail: 1,
  usage: 2,
  interrupted: 130,
});
