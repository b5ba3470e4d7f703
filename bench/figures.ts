import { BUDGETS, type Budget, type BudgetName } from './budgets.ts';

/** What a figure is compared with: the same work's physical floor, measured in the same run. */
export interface Floor {
  readonly label: string;
  readonly value: number;
}

/** One figure `npm run bench` prints: its value, its floor, and the budget it is held to. */
export interface Figure {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly floor?: Floor;
  readonly budget?: BudgetName;
}

export const ratioOf = (figure: Figure): number | undefined =>
  figure.floor ? figure.value / figure.floor.value : undefined;

const within = (measured: number, budget: Budget): boolean =>
  (budget.atMost === undefined || measured <= budget.atMost) &&
  (budget.atLeast === undefined || measured >= budget.atLeast);

/** Whether a budgeted figure is within its budget; undefined for a figure with none. */
export const withinBudget = (figure: Figure): boolean | undefined => {
  if (!figure.budget) return undefined;
  const budget: Budget = BUDGETS[figure.budget];
  const measured = budget.of === 'ratio' ? ratioOf(figure) : figure.value;
  return measured !== undefined && within(measured, budget);
};

/** A number with about three significant digits, so 0.0123 and 12,345 both read well. */
export const formatNumber = (value: number): string => {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(3);
};

const formatBudget = (budget: Budget): string => {
  const unit = budget.of === 'ratio' ? 'x' : '';
  const bounds = [
    budget.atLeast === undefined ? '' : `>= ${formatNumber(budget.atLeast)}${unit}`,
    budget.atMost === undefined ? '' : `<= ${formatNumber(budget.atMost)}${unit}`,
  ];
  return bounds.filter(Boolean).join(' and ');
};

/** `label: value unit; floor F unit (what): R x; budget <= B x: ok` */
export const formatFigure = (figure: Figure): string => {
  const parts = [`${figure.label}: ${formatNumber(figure.value)} ${figure.unit}`];
  const ratio = ratioOf(figure);
  if (figure.floor && ratio !== undefined) {
    parts.push(
      `floor ${formatNumber(figure.floor.value)} ${figure.unit} (${figure.floor.label}): ${formatNumber(ratio)}x`,
    );
  }
  if (figure.budget) {
    const verdict = withinBudget(figure) ? 'ok' : 'OVER BUDGET';
    parts.push(`budget ${formatBudget(BUDGETS[figure.budget])} (${figure.budget}): ${verdict}`);
  }
  return parts.join('; ');
};
