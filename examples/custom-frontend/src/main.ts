// A feedback form of its own, submitting through the npm package `ozg-sdk`.
import {
  Client,
  isOzgError,
  newIdempotencyKey,
  validateFeedback,
  type FeedbackSubmission,
  type FieldError,
  type Found,
  type Locale,
  type Receipt,
  type Topic,
} from "ozg-sdk";

/** The demo service of `ozg-endpoint --seed demo`, "Bürgergeld beantragen". */
const SERVICE = "99107108017000";

/** `?endpoint=` for trying it against any endpoint, else the build's `VITE_OZG_ENDPOINT`. */
const ENDPOINT =
  new URLSearchParams(location.search).get("endpoint") ??
  import.meta.env.VITE_OZG_ENDPOINT ??
  "http://127.0.0.1:8080";

const TEXTS = {
  de: {
    heading: "Ihre Meinung zu „Bürgergeld beantragen“",
    intro: "Dieses Formular ist eine eigene Oberfläche, die über das Paket ozg-sdk an den Feedback-Endpunkt der Behörde sendet.",
    found: "Haben Sie gefunden, was Sie gesucht haben? (Pflichtfeld)",
    yes: "Ja",
    partly: "Teilweise",
    no: "Nein",
    rating: "Wie bewerten Sie das Angebot insgesamt? (Pflichtfeld)",
    r1: "– sehr schlecht",
    r5: "– sehr gut",
    topic: "Worum geht es?",
    information: "Informationen auf der Seite",
    onlineProcedure: "Online-Antrag",
    technicalProblem: "Technisches Problem",
    praise: "Lob",
    other: "Sonstiges",
    text: "Ihre Nachricht (freiwillig)",
    textHint: "Bitte keine persönlichen Daten. Höchstens 2.000 Zeichen.",
    submit: "Feedback senden",
    sending: "Wird gesendet …",
    required: "Bitte wählen Sie eine Antwort.",
    tooLong: "Der Text ist zu lang.",
    invalidField: "Bitte prüfen Sie diese Angabe.",
    sent: "Vielen Dank! Ihr Feedback ist eingegangen. Ihre Referenznummer:",
    state: "Bearbeitungsstand:",
    network: "Der Server ist gerade nicht erreichbar. Ihre Eingaben bleiben erhalten; bitte senden Sie später erneut.",
    rateLimited: "Zu viele Anfragen. Bitte senden Sie in einigen Sekunden erneut.",
    failed: "Das Feedback konnte nicht gesendet werden. Bitte versuchen Sie es später erneut.",
    fixFields: "Bitte korrigieren Sie die markierten Angaben.",
  },
  en: {
    heading: "Your opinion on “Applying for citizen's income”",
    intro: "This form is a frontend of its own that sends to the authority's feedback endpoint through the ozg-sdk package.",
    found: "Did you find what you were looking for? (required)",
    yes: "Yes",
    partly: "Partly",
    no: "No",
    rating: "How do you rate the service overall? (required)",
    r1: "– very poor",
    r5: "– very good",
    topic: "What is it about?",
    information: "Information on the page",
    onlineProcedure: "Online application",
    technicalProblem: "Technical problem",
    praise: "Praise",
    other: "Other",
    text: "Your message (optional)",
    textHint: "Please no personal data. At most 2,000 characters.",
    submit: "Send feedback",
    sending: "Sending …",
    required: "Please choose an answer.",
    tooLong: "The text is too long.",
    invalidField: "Please check this entry.",
    sent: "Thank you! Your feedback has arrived. Your reference number:",
    state: "Status:",
    network: "The server cannot be reached right now. Your entries are kept; please send again later.",
    rateLimited: "Too many requests. Please send again in a few seconds.",
    failed: "The feedback could not be sent. Please try again later.",
    fixFields: "Please correct the marked entries.",
  },
} as const;

type Key = keyof (typeof TEXTS)["de"];

let locale: Locale = document.documentElement.lang === "en" ? "en" : "de";
const t = (key: Key): string => TEXTS[locale][key];

const form = document.querySelector<HTMLFormElement>("#feedback")!;
const result = document.querySelector<HTMLDivElement>("#result")!;
const submitButton = document.querySelector<HTMLButtonElement>("#submit")!;
const client = new Client(ENDPOINT);

/** The submission being sent and its key: sending the same again reuses the key. */
let pending: { json: string; key: string } | null = null;

function setLanguage(next: Locale): void {
  locale = next;
  document.documentElement.lang = next;
  for (const element of document.querySelectorAll<HTMLElement>("[data-text]")) {
    element.textContent = t(element.dataset.text as Key);
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === next));
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-lang]")) {
  button.addEventListener("click", () => setLanguage(button.dataset.lang === "en" ? "en" : "de"));
}

/** Where the message for a field error goes: `/rating` → `#rating-error`. */
function showFieldError(pointer: string, message: string): boolean {
  const field = pointer.split("/")[1];
  const error = field ? document.getElementById(`${field}-error`) : null;
  if (!error) {
    return false;
  }
  error.textContent = message;
  error.hidden = false;
  document.getElementById(field)?.setAttribute("aria-invalid", "true");
  return true;
}

function clearErrors(): void {
  for (const error of form.querySelectorAll<HTMLElement>(".error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const field of form.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
  }
  result.className = "";
  result.textContent = "";
}

function message(error: FieldError): string {
  switch (error.code) {
    case "required":
      return t("required");
    case "too_long":
      return t("tooLong");
    default:
      return t("invalidField");
  }
}

/** Shows field errors next to their fields; returns whether there were any. */
function showFieldErrors(errors: FieldError[]): boolean {
  for (const error of errors) {
    if (!showFieldError(error.pointer, message(error))) {
      result.textContent = `${t("invalidField")} (${error.pointer}: ${error.detail})`;
    }
  }
  if (errors.length > 0) {
    result.className = "failed";
    result.textContent ||= t("fixFields");
    form.querySelector<HTMLElement>("[aria-invalid=true] input, [aria-invalid=true]")?.focus();
  }
  return errors.length > 0;
}

function readForm(): FeedbackSubmission | null {
  const data = new FormData(form);
  const found = data.get("found");
  const rating = data.get("rating");
  const missing: FieldError[] = [];
  if (found === null) missing.push({ pointer: "/found", code: "required", detail: "" });
  if (rating === null) missing.push({ pointer: "/rating", code: "required", detail: "" });
  if (showFieldErrors(missing)) {
    return null;
  }
  return {
    service: SERVICE,
    found: String(found) as Found,
    rating: Number(rating),
    topic: String(data.get("topic")) as Topic,
    text: String(data.get("text") ?? ""),
    locale,
    pageUrl: `${location.origin}${location.pathname}`,
    clientTime: new Date().toISOString(),
  };
}

function showReceipt(receipt: Receipt, state: string): void {
  result.className = "";
  result.replaceChildren(
    `${t("sent")} `,
    Object.assign(document.createElement("strong"), { id: "reference", textContent: receipt.reference }),
    ". ",
    `${t("state")} `,
    Object.assign(document.createElement("span"), { id: "state", textContent: state }),
  );
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  const submission = readForm();
  if (!submission || showFieldErrors(validateFeedback(submission))) {
    return;
  }
  // The time changes on every click; the rest decides whether this is the same submission.
  const json = JSON.stringify({ ...submission, clientTime: "" });
  if (pending?.json !== json) {
    pending = { json, key: newIdempotencyKey() };
  }
  submitButton.disabled = true;
  submitButton.textContent = t("sending");
  try {
    const receipt = await client.submitFeedback(submission, pending.key);
    pending = null;
    form.reset();
    const status = await client.feedbackStatus(receipt.reference, receipt.token).catch(() => null);
    showReceipt(receipt, status?.state ?? "received");
  } catch (error) {
    if (isOzgError(error) && (error.code === "rejected" || error.code === "invalid")) {
      showFieldErrors(error.fieldErrors);
    } else {
      result.className = "failed";
      result.textContent = isOzgError(error)
        ? error.code === "network"
          ? t("network")
          : error.code === "rate_limited"
            ? t("rateLimited")
            : t("failed")
        : t("failed");
    }
  } finally {
    submitButton.disabled = false;
    submitButton.textContent = t("submit");
  }
});

setLanguage(locale);
