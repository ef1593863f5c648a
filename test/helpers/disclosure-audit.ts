import GLPK, { type LP } from 'glpk.js/node';

/**
 * A published figure: the sum of some underlying counts (the variables, by
 * name), shown with its value or hidden.
 */
export type Figure = { name: string; terms: readonly string[]; value: number; hidden: boolean };

export type DisclosureAudit = {
  /** The hidden figures whose value the published ones fix (for someone who knows the rule), with their range. */
  determined(figures: readonly Figure[]): { name: string; value: number }[];
};

/**
 * The audit statistical offices run on a suppressed publication, solved as
 * integer programmes by GLPK: for each hidden figure, its smallest and largest
 * value over every set of whole, non-negative underlying counts that gives
 * the same published figures, where a hidden figure is at least 1 (zeros are
 * always shown, so whoever reads the tables knows that much). A hidden figure
 * whose smallest and largest values agree has been disclosed.
 *
 * Independent of the suppression code under test: it knows nothing of
 * cycles, lines or quarters, only the published sums.
 */
export async function createDisclosureAudit(): Promise<DisclosureAudit> {
  const glpk = await GLPK();
  const bound = (figure: Figure) => (figure.hidden ? { type: glpk.GLP_LO, lb: 1, ub: 0 } : { type: glpk.GLP_FX, lb: figure.value, ub: figure.value });
  const solve = (figures: readonly Figure[], target: Figure, direction: number) => {
    const variables = [...new Set(figures.flatMap((figure) => figure.terms))];
    const lp: LP = {
      name: 'audit',
      objective: { direction, name: 'value', vars: target.terms.map((name) => ({ name, coef: 1 })) },
      subjectTo: figures.filter((figure) => figure.terms.length > 0).map((figure, index) => ({ name: `f${index}`, vars: figure.terms.map((name) => ({ name, coef: 1 })), bnds: bound(figure) })),
      bounds: variables.map((name) => ({ name, type: glpk.GLP_LO, lb: 0, ub: 0 })),
      generals: variables,
    };
    return glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true }).result;
  };
  return {
    determined(figures) {
      const disclosed: { name: string; value: number }[] = [];
      for (const figure of figures.filter((candidate) => candidate.hidden)) {
        const largest = solve(figures, figure, glpk.GLP_MAX);
        if (largest.status === glpk.GLP_UNBND || largest.status === glpk.GLP_UNDEF) continue;
        if (largest.status !== glpk.GLP_OPT) throw new Error(`The published figures have no solution (status ${largest.status}): the audit was given inconsistent figures.`);
        const smallest = solve(figures, figure, glpk.GLP_MIN);
        if (Math.round(smallest.z) === Math.round(largest.z)) disclosed.push({ name: figure.name, value: Math.round(largest.z) });
      }
      return disclosed;
    },
  };
}
