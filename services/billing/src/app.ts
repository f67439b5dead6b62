import type { ConsumerSet } from "@ecommerce/messaging";
import {
  createService,
  createStandardMediator,
  databaseReadiness,
  type Mediator,
  PrismaUnitOfWork,
  type ServiceApp,
  type ServiceAppDependencies,
} from "@ecommerce/service-kit";
import {
  CancelInvoiceForOrder,
  CancelInvoiceForOrderHandler,
} from "./application/commands/cancel-invoice.ts";
import { IssueInvoice, IssueInvoiceHandler } from "./application/commands/issue-invoice.ts";
import {
  RecordPaymentOutcome,
  RecordPaymentOutcomeHandler,
} from "./application/commands/record-payment-outcome.ts";
import { RecordRefund, RecordRefundHandler } from "./application/commands/record-refund.ts";
import { defaultPaymentRetryPolicy, type PaymentRetryPolicy } from "./application/payment-retry-policy.ts";
import { PaymentCollector } from "./application/payments/payment-collector.ts";
import { PaymentSweeper } from "./application/payments/payment-sweeper.ts";
import { GetInvoice, GetInvoiceHandler } from "./application/queries/get-invoice.ts";
import { ListInvoices, ListInvoicesHandler } from "./application/queries/list-invoices.ts";
import { TaxPolicy } from "./domain/tax-policy.ts";
import { invoiceQueryRoutes } from "./http/invoice-query-routes.ts";
import type { Db, Tx } from "./infrastructure/database.ts";
import { billingEventHandler } from "./infrastructure/event-subscriptions.ts";
import { PrismaInvoiceNumbers } from "./infrastructure/prisma-invoice-numbers.ts";
import { PrismaInvoiceReadModel } from "./infrastructure/prisma-invoice-read-model.ts";
import { PrismaInvoiceRepository } from "./infrastructure/prisma-invoice-repository.ts";
import { PrismaPaymentLeases } from "./infrastructure/prisma-payment-leases.ts";
import { PrismaSimulatedLedger } from "./infrastructure/prisma-simulated-ledger.ts";
import { SimulatedPaymentProvider } from "./infrastructure/simulated-payment-provider.ts";
import { migrationSources } from "./migrations.ts";

export interface BillingDependencies extends ServiceAppDependencies {
  db: Db;
  /** `read` serves only queries; billing has no HTTP commands, so `write` serves nothing over HTTP. */
  role?: "all" | "read" | "write";
  /** Rates per shipping country, e.g. `DE=0.19,NL=0.21,*=0`. */
  taxRates?: string;
  paymentRetries?: PaymentRetryPolicy;
  /** How often the sweeper looks for charges and refunds nobody finished. */
  sweepIntervalMs?: number;
}

/** What the process entry and tests need besides HTTP. */
export interface BillingRuntime {
  mediator: Mediator;
  handleEvent: ConsumerSet;
  collector: PaymentCollector;
  sweeper: PaymentSweeper;
}

export function createBillingRuntime(deps: BillingDependencies): BillingRuntime {
  const uow = new PrismaUnitOfWork<Tx>(deps.db, {
    onAfterCommitError: (error) => deps.logger.warn({ err: error }, "after-commit work failed"),
  });
  const invoices = new PrismaInvoiceRepository(deps.db, uow);
  const readModel = new PrismaInvoiceReadModel(deps.db);
  const leases = new PrismaPaymentLeases(deps.db);
  const mediator = createStandardMediator({
    serviceName: "billing",
    logger: deps.logger,
    unitOfWork: uow,
    audit: deps.audit,
  })
    .register(
      IssueInvoice,
      new IssueInvoiceHandler(invoices, new PrismaInvoiceNumbers(uow), TaxPolicy.parse(deps.taxRates ?? "")),
    )
    .register(RecordPaymentOutcome, new RecordPaymentOutcomeHandler(invoices))
    .register(CancelInvoiceForOrder, new CancelInvoiceForOrderHandler(invoices))
    .register(RecordRefund, new RecordRefundHandler(invoices))
    .register(GetInvoice, new GetInvoiceHandler(readModel))
    .register(ListInvoices, new ListInvoicesHandler(readModel));
  const provider = new SimulatedPaymentProvider(new PrismaSimulatedLedger(deps.db));
  const collector = new PaymentCollector(
    mediator,
    invoices,
    leases,
    provider,
    deps.paymentRetries ?? defaultPaymentRetryPolicy,
    deps.logger,
  );
  const sweeper = new PaymentSweeper(collector, leases, deps.logger, deps.sweepIntervalMs);
  // After the event's commit; a failure is the sweeper's to retry, so it is only logged here.
  const settle = (invoiceId: string) => {
    collector.settle(invoiceId).catch((error: unknown) => {
      deps.logger.error({ err: error, invoiceId }, "payment not settled yet; the sweeper will retry");
    });
  };
  return { mediator, handleEvent: billingEventHandler(mediator, uow, settle), collector, sweeper };
}

/** The composition root: a ready Fastify app that does not listen (tests inject; main listens). */
export async function buildBillingApp(
  deps: BillingDependencies,
  runtime: BillingRuntime = createBillingRuntime(deps),
): Promise<ServiceApp> {
  const role = deps.role ?? "all";
  const app = await createService({
    auth: deps.auth,
    methodNotAllowed: role === "all",
    name: "billing",
    version: "0.1.0",
    description: "Invoices, payment capture and refunds through a payment-provider port",
    environment: deps.environment ?? "development",
    logger: deps.logger,
    readiness: { ...databaseReadiness(deps.db, migrationSources), ...deps.readiness },
  });
  if (role !== "write") await app.register(invoiceQueryRoutes, { mediator: runtime.mediator });
  app.addHook("onClose", async () => {
    await runtime.sweeper.stop();
    await deps.beforeClose?.();
    await deps.db.$disconnect();
  });
  await app.ready();
  return app;
}
