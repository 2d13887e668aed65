// Appended by `cargo xtask dist` to the examples above and checked with `tsc --strict`.

// `feedback` above is sdk/tests/data/feedback.json.

// Nothing is `any`: each of these must be a type error.
// @ts-expect-error a rating is a number
export const ratingAsText: Sdk.FeedbackSubmission = { ...feedback, rating: "5" };
// @ts-expect-error topics are a fixed set
export const unknownTopic: Sdk.FeedbackSubmission = { ...feedback, topic: "weather" };
// @ts-expect-error the submission has no such field
export const extraField: Sdk.FeedbackSubmission = { ...feedback, colour: "blue" };
// @ts-expect-error `found` is required
export const missingFound: Sdk.FeedbackSubmission = { service: "99107108017000", rating: 4, topic: "praise", locale: "de", clientTime: "2026-11-26T09:30:00Z" };
// @ts-expect-error error codes are a fixed set
export const unknownCode: Sdk.ErrorCode = "oops";

// The client takes and gives the wire types.
export async function submit(endpoint: string): Promise<string> {
  const client = new Client(endpoint);
  const problems: Sdk.FieldError[] = validateFeedback(feedback);
  if (problems.length > 0) {
    return problems.map((p) => `${p.pointer}: ${p.code}`).join(", ");
  }
  try {
    const receipt: Sdk.Receipt = await client.submitFeedback(feedback, newIdempotencyKey());
    const status: Sdk.FeedbackStatus = await client.feedbackStatus(receipt.reference, receipt.token);
    const state: "received" | "forwarded" | "inProgress" | "answered" | "closed" = status.state;
    const service: Sdk.ServiceDescription = await client.getService(feedback.service);
    const page: Sdk.UpdatesPage = await client.getUpdates({ service: service.leika, limit: 3 });
    return `${receipt.reference} ${state} ${page.updates.length}`;
  } catch (error) {
    if (isOzgError(error)) {
      const code: Sdk.ErrorCode = error.code;
      const fields: string[] = error.fieldErrors.map((f) => f.pointer);
      const wait: number | undefined = error.retryAfter;
      return `${code} ${error.retryable} ${fields.join()} ${wait ?? ""} ${error.problem?.title ?? ""}`;
    }
    throw error;
  }
}

// The outbox stores before it sends and reports what became of each entry.
export async function queue(client: Client): Promise<string[]> {
  const outbox = new Outbox(client, { retryDelayMs: 1000, maxDelayMs: 60000 });
  const entry: Sdk.OutboxEntry = outbox.put(feedback);
  const stored: Sdk.FeedbackSubmission = entry.submission;
  const due: number | undefined = outbox.nextDue();
  const all: Sdk.OutboxEntry[] = outbox.entries();
  const reports: Sdk.OutboxReport[] = await outbox.flush({ leaving: document.visibilityState === "hidden" });
  outbox.remove(entry.key);
  return reports.map((report) => {
    switch (report.outcome) {
      case "sent":
        return report.receipt.reference;
      case "waiting":
        return `${report.error.code} ${new Date(report.notBefore).toISOString()}`;
      case "rejected":
        return report.error.fieldErrors.map((f) => f.pointer).join();
    }
  }).concat(`${stored.rating} ${due ?? ""} ${all.length}`);
}
// @ts-expect-error a submission of the wrong shape
export const badPut = (outbox: Outbox) => outbox.put({ rating: 4 });
// @ts-expect-error only sent reports have a receipt
export const noReceipt = (report: Sdk.OutboxReport) => report.receipt;
// @ts-expect-error options are numbers of milliseconds
export const badOptions = (client: Client) => new Outbox(client, { retryDelayMs: "2s" });

// The widget's element is typed for `document.createElement` and its attributes.
export function embed(attributes: OzgWidgetAttributes): OzgWidgetElement {
  const element = document.createElement("ozg-widget");
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  return element;
}

// Properties and events are typed too.
export function listen(element: OzgWidgetElement): void {
  element.theme = "dark";
  element.headingLevel = "3";
  element.addEventListener("ozg-feedback-sent", (event) => {
    const reference: string = event.detail.reference;
    const service: string | null = event.detail.service;
    console.log(reference, service);
  });
  document.addEventListener("ozg-feedback-error", (event) => {
    const code: "network" | "rate_limited" | "rejected" = event.detail.code;
    console.log(code);
  });
  // @ts-expect-error a sent event has no error code
  element.addEventListener("ozg-feedback-sent", (event) => event.detail.code);
}
