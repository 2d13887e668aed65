//! English texts.

use ozg_sdk::mask::Personal;

use super::{Texts, cents, group};

/// All texts in English.
pub(super) static TEXTS: Texts = Texts {
    tabs_label: "About this service",
    tab_updates: "Updates",
    tab_service: "How it works",
    tab_feedback: "Feedback",
    setup_error: "This section is not set up correctly and cannot be shown.",
    loading: "Loading …",
    load_failed: "The content could not be loaded.",
    retry: "Try again",

    updates_heading: "News from the authority",
    updates_empty: "There is no news at the moment.",
    view_post_on: |platform| format!("View post on {platform}"),
    view_original: "View the original post",
    content_warning: "Content warning:",
    show_post: "Show post",
    hide_post: "Hide post",
    sensitive_media: "The images of this post are marked as sensitive.",
    show_media: "Show images",
    hide_media: "Hide images",
    new_window: "(opens in a new window)",
    alt_badge: "ALT",
    feed_label: "Posts",
    load_more: "Load more",
    load_more_failed: "Older posts could not be loaded. Please try again.",
    follow_heading: "Follow us",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: |day, month, year| format!("{day} {month} {year}"),
    ago: |count, unit| match (unit, count) {
        ("second", 0) => "now".to_owned(),
        ("day", 1) => "yesterday".to_owned(),
        ("week", 1) => "last week".to_owned(),
        ("month", 1) => "last month".to_owned(),
        ("year", 1) => "last year".to_owned(),
        (_, 1) => format!("1 {unit} ago"),
        (_, n) => format!("{} {unit}s ago", group(n, ',')),
    },
    more_loaded: |count| match count {
        1 => "1 more post loaded.".to_owned(),
        n => format!("{n} more posts loaded."),
    },
    direct_consent: |instance| {
        format!("Load posts from {instance}? This sends your IP address to {instance}.")
    },
    direct_consent_session: "Your consent applies until you close this tab.",
    direct_load: "Load posts",

    service_missing: "There is no description of this service yet.",
    facts_heading: "At a glance",
    costs: "Costs",
    euros: |c| format!("€{}", cents(c, ',', '.')),
    euro_range: |min, max| format!("€{} to €{}", cents(min, ',', '.'), cents(max, ',', '.')),
    free: "free",
    processing_time: "Processing time",
    apply_online: "Apply online",
    requirements_heading: "Who can apply",
    steps_heading: "Step by step",
    step_optional: "optional",
    step_alternative: "or instead",
    documents_heading: "Documents you need",
    document_some: "only in certain cases",
    office_heading: "Responsible office",
    phone: "Phone",
    email: "E-mail",
    website: "Website",
    opening_hours: "Opening hours",

    online_available: "Available online",
    yes: "Yes",
    area_served: "Applies to",
    easy_language: "Easy language",
    description_heading: "Description",
    deadlines_heading: "Deadlines",
    show_all: "Show all",
    hide_all: "Hide all",
    step_number: |n| format!("Step {n}:"),
    checklist_hint: "Tick off what you already have. The ticks are saved on this device only.",
    checklist_progress: |ready, total| format!("{ready} of {total} documents ready"),
    checklist_reset: "Clear all ticks",
    costs_heading: "Costs in detail",
    payment_methods: "How you can pay",
    forms_heading: "Forms",
    legal_heading: "Legal basis",
    notes_heading: "Notes",
    faq_heading: "Frequently asked questions",
    last_updated: "Last updated:",
    stats_answer_days: |days| match days {
        1 => "We answer within a day on average".to_owned(),
        days => format!("We answer within {days} days on average"),
    },
    stats_found: |percent| format!("{percent}% found what they were looking for"),

    feedback_heading: "Your opinion of this service",
    feedback_intro: "Your feedback helps us improve this service.",
    required: "(required)",
    found_legend: "Did you find what you were looking for?",
    found_labels: ["Yes", "Partly", "No"],
    rating_legend: "Overall, how satisfied are you with this service?",
    rating_labels: [
        "1 – very poor",
        "2 – poor",
        "3 – fair",
        "4 – good",
        "5 – very good",
    ],
    topic_label: "What is it about?",
    topics: [
        "Information on this page",
        "Online application",
        "Technical problem",
        "Praise",
        "Something else",
    ],
    text_label: "Your message (optional)",
    text_hint: "Please do not enter personal data such as your tax ID, IBAN or ID card number here.",
    char_count: |count, max| {
        format!(
            "{} of {} characters",
            group(count as u64, ','),
            group(max as u64, ',')
        )
    },
    chars_left: |left| format!("{} characters left", group(left as u64, ',')),
    chars_over: |over| format!("{} characters too many", group(over as u64, ',')),
    wants_reply: "I would like to receive a reply",
    email_label: "Your e-mail address",
    consent_label: "I agree that my e-mail address is stored and used only to answer this feedback.",
    submit: "Send feedback",
    sending: "Sending …",
    error_prefix: "Error:",
    error_summary: "Please check your entries",
    found_required: "Please choose whether you found what you were looking for.",
    rating_required: "Please rate the service with a number from 1 to 5.",
    topic_invalid: "Please choose what your feedback is about.",
    text_too_long: |max| {
        format!(
            "Your message can have at most {} characters. Please shorten it.",
            group(max as u64, ',')
        )
    },
    email_required: "Please enter your e-mail address so that we can reply.",
    email_invalid: "Please enter a valid e-mail address, for example name@example.com.",
    consent_required: "Please agree that we may store your e-mail address to reply, or do without a reply.",
    invalid_other: "This entry could not be accepted.",
    send_failed: "Your feedback could not be sent. Everything you entered has been kept. Please try again.",
    send_again: "Send again",
    send_rejected: "Your feedback was not accepted. Please check your entries.",
    send_rate_limited: "We are receiving a lot of feedback right now. Please try again in a few minutes.",
    honeypot_label: "Website (please leave empty)",
    thanks: "Thank you! Your feedback has been received.",
    reference_label: "Your reference number:",
    reference_hint: "Please note this number in case you want to ask about your feedback later.",
    queued: "Saved – will be sent",
    queued_hint: "Your feedback is saved on this device. We will send it automatically as soon as there is a connection, even after the page is reloaded. You will then receive a reference number.",
    send_now: "Send now",
    mask_notice: |found| {
        let parts: Vec<String> = found
            .iter()
            .map(|(kind, n)| {
                let (one, many) = match kind {
                    Personal::Email => ("e-mail address", "e-mail addresses"),
                    Personal::Phone => ("phone number", "phone numbers"),
                    Personal::Iban => ("IBAN", "IBANs"),
                    Personal::TaxId => ("tax ID", "tax IDs"),
                    Personal::IdDocument => {
                        ("ID card or passport number", "ID card or passport numbers")
                    }
                };
                format!("{n} {}", if *n == 1 { one } else { many })
            })
            .collect();
        format!(
            "To protect your data, we remove before sending: {}.",
            parts.join(", ")
        )
    },
    mask_preview: "Your text will be sent like this:",
    earlier_heading: "Your last feedback",
    status_check: "Check status",
    status_label: "Status:",
    status_states: [
        "Received",
        "Passed on to the department",
        "In progress",
        "Answered",
        "Closed",
    ],
    status_updated: "Last changed:",
    status_answer: |department, date| format!("Answer from {department} on {date}"),
    status_no_answer: "No answer yet.",
    status_failed: "The status could not be fetched just now. Please try again later.",
    status_forget: "Forget the reference number on this device",
    status_forgotten: "The reference number is no longer stored on this device.",
};
