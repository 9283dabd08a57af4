// What a redemption took off the pass: creditsUsed counts the overage too (credits the pass did not have), so a
// screen that shows "used" next to the balance must leave the overage out and name it apart.
import { Decimal } from '../../../core/money/decimal';

export function fromPass(creditsUsed: string, overage: { credits: string } | null): string {
  return overage ? new Decimal(creditsUsed).minus(overage.credits).toFixed() : creditsUsed;
}
