//! Maps schema.org `GovernmentService` JSON-LD, which many portals already put on their service
//! pages for search engines, onto a [`ServiceDescription`].
//!
//! Pure functions over parsed JSON: the bootstrap finds the `<script type="application/ld+json">`
//! blocks and logs what this module reports. Mapped are `name`, `alternateName`, `description`,
//! `provider` (else `serviceOperator`) as the competent office, `availableChannel` (its
//! `serviceUrl` as the online service, its phone and place as contact details), `areaServed`,
//! `offers` with `price` or `priceSpecification` in euro, `inLanguage` and `dateModified`.

use ozg_sdk::{
    Amount, Costs, Fee, LeikaKey, Link, Office, ServiceDescription, ValidationErrors, validate,
};

use crate::json::Json;

/// The first `GovernmentService` among the JSON-LD `blocks` of a page, mapped; with what could
/// not be mapped, by JSON pointer (`/2/offers/1/price` is block 2). `leika` is the element's
/// `service` attribute: JSON-LD has no LeiKa key of its own.
///
/// # Errors
/// Returns the reasons when no block holds a `GovernmentService` with a `name`.
pub fn service_description<J: Json>(
    blocks: &[J],
    leika: &LeikaKey,
) -> Result<(ServiceDescription, ValidationErrors), ValidationErrors> {
    let mut issues = ValidationErrors::default();
    let Some((pointer, node)) = blocks
        .iter()
        .enumerate()
        .find_map(|(i, block)| find_service(block, format!("/{i}")))
    else {
        issues.push(
            "",
            "not_found",
            "no schema.org GovernmentService in the page's JSON-LD",
        );
        return Err(issues);
    };
    let node = &node;
    let Some(title) = text(node.get("name")) else {
        issues.push(
            &format!("{pointer}/name"),
            "required",
            "a GovernmentService needs a name",
        );
        return Err(issues);
    };
    let mut description = ServiceDescription {
        leika: leika.clone(),
        title,
        citizen_title: text(node.get("alternateName")),
        teaser: None,
        short_text: text(node.get("description")).map(|text| paragraphs(&text)),
        full_text: None,
        requirements: Vec::new(),
        documents: Vec::new(),
        costs: None,
        processing_time: None,
        deadlines: Vec::new(),
        steps: Vec::new(),
        forms: Vec::new(),
        online_service: None,
        legal_bases: Vec::new(),
        notes: Vec::new(),
        competent_office: None,
        faq: Vec::new(),
        last_updated: text(node.get("dateModified"))
            .and_then(|date| date.get(..10).map(str::to_owned))
            .filter(|date| validate::is_date(date)),
        language: text(node.get("inLanguage")),
        easy_language: None,
        area_served: {
            let areas: Vec<String> = many(node.get("areaServed"))
                .filter_map(|(_, area)| area.as_string().or_else(|| text(area.get("name"))))
                .collect();
            (!areas.is_empty()).then(|| areas.join(", "))
        },
    };

    let office_from = ["provider", "serviceOperator"].into_iter().find_map(|key| {
        let (i, organisation) = many(node.get(key)).next()?;
        Some((format!("{pointer}/{key}{i}"), organisation))
    });
    if let Some((at, organisation)) = office_from {
        description.competent_office = office(&organisation, &at, &mut issues);
    }

    for (i, channel) in many(node.get("availableChannel")) {
        let at = format!("{pointer}/availableChannel{i}");
        if description.online_service.is_none()
            && let Some(url) = text(channel.get("serviceUrl"))
        {
            if validate::is_web_url(&url) {
                description.online_service = Some(Link {
                    title: text(channel.get("name")).unwrap_or_else(|| url.clone()),
                    url: Some(url),
                });
            } else {
                issues.push(
                    &format!("{at}/serviceUrl"),
                    "invalid_format",
                    "must be an absolute http or https URL",
                );
            }
        }
        let phone = channel
            .get("servicePhone")
            .and_then(|phone| text(Some(phone.clone())).or_else(|| text(phone.get("telephone"))));
        let place = channel
            .get("serviceLocation")
            .and_then(|place| office(&place, &format!("{at}/serviceLocation"), &mut issues));
        if phone.is_some() || place.is_some() {
            let office = description.competent_office.get_or_insert_with(|| Office {
                name: place
                    .as_ref()
                    .map(|place| place.name.clone())
                    .unwrap_or_else(|| text(channel.get("name")).unwrap_or_default()),
                address: Vec::new(),
                phone: None,
                email: None,
                opening_hours: Vec::new(),
                website: None,
            });
            if office.phone.is_none() {
                office.phone = phone;
            }
            if let Some(place) = place
                && office.address.is_empty()
            {
                office.address = place.address;
            }
        }
    }
    if description
        .competent_office
        .as_ref()
        .is_some_and(|office| office.name.is_empty())
    {
        description.competent_office = None;
    }

    let fees: Vec<Fee> = many(node.get("offers"))
        .filter_map(|(i, offer)| {
            fee(
                &offer,
                &format!("{pointer}/offers{i}"),
                &description.title,
                &mut issues,
            )
        })
        .collect();
    if !fees.is_empty() {
        description.costs = Some(Costs {
            fees,
            payment_methods: Vec::new(),
            note: None,
        });
    }
    Ok((description, issues))
}

/// The node of type `GovernmentService` in `block`: the block itself, an item of an array or
/// of `@graph`.
fn find_service<J: Json>(block: &J, pointer: String) -> Option<(String, J)> {
    if let Some(items) = block.items() {
        return items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_service(item, format!("{pointer}/{i}")));
    }
    let is_service = many(block.get("@type")).any(|(_, kind)| {
        kind.as_string()
            .is_some_and(|k| k.ends_with("GovernmentService"))
    });
    if is_service {
        Some((pointer, block.clone()))
    } else {
        find_service(&block.get("@graph")?, format!("{pointer}/@graph"))
    }
}

/// A value that may be one item or an array of items, with the pointer suffix of each item
/// (empty for a single item, `/2` for an array item).
fn many<J: Json>(value: Option<J>) -> impl Iterator<Item = (String, J)> {
    let items: Vec<(String, J)> = match value {
        None => Vec::new(),
        Some(value) => match value.items() {
            Some(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| (format!("/{i}"), item))
                .collect(),
            None => vec![(String::new(), value)],
        },
    };
    items.into_iter()
}

/// A non-empty trimmed string.
fn text<J: Json>(value: Option<J>) -> Option<String> {
    let text = value?.as_string()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Plain text as the rich text of a description: escaped, one paragraph per blank line, a line
/// break per single newline.
fn paragraphs(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    escaped
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            format!(
                "<p>{}</p>",
                p.lines().map(str::trim).collect::<Vec<_>>().join("<br>")
            )
        })
        .collect()
}

/// An `Organization` or `Place` as the competent office.
fn office<J: Json>(value: &J, at: &str, issues: &mut ValidationErrors) -> Option<Office> {
    let Some(name) = text(value.get("name")).or_else(|| text(Some(value.clone()))) else {
        issues.push(&format!("{at}/name"), "required", "an office needs a name");
        return None;
    };
    let address = match value.get("address") {
        None => Vec::new(),
        Some(address) if address.as_string().is_some() => address
            .as_string()
            .unwrap_or_default()
            .split([',', '\n'])
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(address) => {
            let town = [
                text(address.get("postalCode")),
                text(address.get("addressLocality")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            [text(address.get("streetAddress")), Some(town)]
                .into_iter()
                .flatten()
                .filter(|line| !line.is_empty())
                .collect()
        }
    };
    let email = text(value.get("email")).map(|email| {
        email
            .strip_prefix("mailto:")
            .map(str::to_owned)
            .unwrap_or(email)
    });
    let website = text(value.get("url"));
    if let Some(url) = &website
        && !validate::is_web_url(url)
    {
        issues.push(
            &format!("{at}/url"),
            "invalid_format",
            "must be an absolute http or https URL",
        );
    }
    Some(Office {
        name,
        address,
        phone: text(value.get("telephone")),
        email,
        opening_hours: many(value.get("openingHours"))
            .filter_map(|(_, line)| text(Some(line)))
            .collect(),
        website: website.filter(|url| validate::is_web_url(url)),
    })
}

/// An `Offer` as a fee in euro.
fn fee<J: Json>(offer: &J, at: &str, service: &str, issues: &mut ValidationErrors) -> Option<Fee> {
    let label = text(offer.get("name"))
        .or_else(|| text(offer.get("description")))
        .unwrap_or_else(|| service.to_owned());
    let specification = offer.get("priceSpecification");
    let currency = text(offer.get("priceCurrency")).or_else(|| {
        specification
            .as_ref()
            .and_then(|s| text(s.get("priceCurrency")))
    });
    let price = |value: Option<J>, at: &str, issues: &mut ValidationErrors| {
        let value = value?;
        let cents = match value.as_number() {
            Some(euros) => euro_cents(euros),
            None => value.as_string().and_then(|text| parse_cents(&text)),
        };
        if cents.is_none() {
            issues.push(
                at,
                "invalid_format",
                "must be a non-negative amount such as 12.50",
            );
        }
        cents
    };
    let amount = if let Some(cents) = price(offer.get("price"), &format!("{at}/price"), issues) {
        if cents == 0 {
            Amount::Free
        } else {
            Amount::Fixed { cents }
        }
    } else if let Some(specification) = &specification {
        let at = format!("{at}/priceSpecification");
        let min = price(
            specification.get("minPrice"),
            &format!("{at}/minPrice"),
            issues,
        );
        let max = price(
            specification.get("maxPrice"),
            &format!("{at}/maxPrice"),
            issues,
        );
        match (
            min,
            max,
            price(specification.get("price"), &format!("{at}/price"), issues),
        ) {
            (_, _, Some(0)) => Amount::Free,
            (_, _, Some(cents)) => Amount::Fixed { cents },
            (Some(min_cents), Some(max_cents), _) if min_cents <= max_cents => Amount::Range {
                min_cents,
                max_cents,
            },
            _ => return None,
        }
    } else {
        return None;
    };
    if amount != Amount::Free && currency.as_deref() != Some("EUR") {
        issues.push(
            &format!("{at}/priceCurrency"),
            "unsupported",
            "only amounts in EUR are shown",
        );
        return None;
    }
    Some(Fee { label, amount })
}

/// A price written as text, `96`, `96.5` or `96.00`, in cents. Written by hand because the
/// standard float parser would add kilobytes to the wasm for this one use.
fn parse_cents(text: &str) -> Option<u64> {
    let (euros, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(euros) || euros.len() > 12 || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    // Schema.org prices have at most two decimals that count; further digits must be zeros.
    let (cents, rest) = fraction.split_at(fraction.len().min(2));
    if rest.bytes().any(|b| b != b'0') {
        return None;
    }
    let cents: u64 = format!("{cents:0<2}").parse().ok()?;
    euros
        .parse::<u64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

fn euro_cents(euros: f64) -> Option<u64> {
    (0.0..1e12)
        .contains(&euros)
        .then(|| (euros * 100.0).round() as u64)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn key() -> LeikaKey {
        LeikaKey::parse("99107108017000").expect("key")
    }

    /// Maps `blocks` and compares the issues (pointer, code) with `expected`.
    fn check(blocks: &[Value], expected: &[(&str, &str)]) -> Option<ServiceDescription> {
        let (description, issues) = match service_description(blocks, &key()) {
            Ok((description, issues)) => (Some(description), issues),
            Err(issues) => (None, issues),
        };
        assert_eq!(issues.codes(), expected);
        description
    }

    fn full() -> Value {
        json!({
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": "Hund anmelden",
            "alternateName": "Hundesteuer",
            "description": "Wer einen Hund hält, meldet ihn an.\n\nDie Steuer <b>ist</b> jährlich fällig.",
            "dateModified": "2026-09-15T10:00:00+02:00",
            "areaServed": [{ "@type": "City", "name": "Musterstadt" }, "Ortsteil Nord"],
            "provider": {
                "@type": "GovernmentOrganization",
                "name": "Steueramt Musterstadt",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "Am Rathausplatz 4",
                    "postalCode": "12345",
                    "addressLocality": "Musterstadt"
                },
                "telephone": "+49 1234 5678-300",
                "email": "mailto:steueramt@musterstadt.example",
                "url": "https://www.musterstadt.example/steueramt",
                "openingHours": ["Mo-Fr 08:00-12:00", "Do 14:00-18:00"]
            },
            "availableChannel": {
                "@type": "ServiceChannel",
                "name": "Online-Antrag",
                "serviceUrl": "https://formulare.musterstadt.example/hund"
            },
            "offers": [
                { "@type": "Offer", "name": "Erster Hund", "price": "96.00", "priceCurrency": "EUR" },
                { "@type": "Offer", "name": "Anmeldung", "price": 0 },
                {
                    "@type": "Offer",
                    "name": "Gefährlicher Hund",
                    "priceSpecification": { "minPrice": 600, "maxPrice": 900, "priceCurrency": "EUR" }
                }
            ]
        })
    }

    #[test]
    fn maps_a_full_government_service() {
        let d = check(&[full()], &[]).expect("description");
        assert_eq!(d.leika, key());
        assert_eq!(d.title, "Hund anmelden");
        assert_eq!(d.citizen_title.as_deref(), Some("Hundesteuer"));
        assert_eq!(
            d.short_text.as_deref(),
            Some(
                "<p>Wer einen Hund hält, meldet ihn an.</p><p>Die Steuer &lt;b&gt;ist&lt;/b&gt; jährlich fällig.</p>"
            )
        );
        assert_eq!(d.last_updated.as_deref(), Some("2026-09-15"));
        assert_eq!(d.area_served.as_deref(), Some("Musterstadt, Ortsteil Nord"));
        let office = d.competent_office.expect("office");
        assert_eq!(office.name, "Steueramt Musterstadt");
        assert_eq!(office.address, ["Am Rathausplatz 4", "12345 Musterstadt"]);
        assert_eq!(
            office.email.as_deref(),
            Some("steueramt@musterstadt.example")
        );
        assert_eq!(office.opening_hours.len(), 2);
        assert_eq!(
            d.online_service.and_then(|l| l.url).as_deref(),
            Some("https://formulare.musterstadt.example/hund")
        );
        let amounts: Vec<Amount> = d
            .costs
            .expect("costs")
            .fees
            .iter()
            .map(|f| f.amount)
            .collect();
        assert_eq!(
            amounts,
            [
                Amount::Fixed { cents: 9600 },
                Amount::Free,
                Amount::Range {
                    min_cents: 60000,
                    max_cents: 90000
                }
            ]
        );
    }

    #[test]
    fn prices_as_text() {
        let cases = [
            ("96", Some(9600)),
            ("96.5", Some(9650)),
            (" 96.00 ", Some(9600)),
            ("0.05", Some(5)),
            ("12.500", Some(1250)),
            ("12.505", None),
            ("12,50", None),
            ("-1", None),
            (".5", None),
            ("1e3", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_cents(text), expected, "{text:?}");
        }
    }

    #[test]
    fn finds_the_service_in_graphs_and_arrays() {
        let other = json!({ "@type": "BreadcrumbList", "itemListElement": [] });
        let graph = json!({ "@context": "https://schema.org", "@graph": [other.clone(), full()] });
        assert_eq!(
            check(&[other.clone(), graph], &[]).expect("found").title,
            "Hund anmelden"
        );
        let typed = json!([{ "@type": ["Service", "GovernmentService"], "name": "Wohngeld" }]);
        assert_eq!(check(&[typed], &[]).expect("found").title, "Wohngeld");
        assert!(check(&[other], &[("", "not_found")]).is_none());
        assert!(check(&[], &[("", "not_found")]).is_none());
    }

    #[test]
    fn reports_what_it_cannot_map() {
        let mut service = full();
        service["offers"][0]["price"] = json!("zwölf");
        service["offers"][2]["priceSpecification"]["priceCurrency"] = json!("USD");
        service["provider"]["url"] = json!("javascript:alert(1)");
        service["availableChannel"]["serviceUrl"] = json!("ftp://x");
        let d = check(
            &[json!({ "@type": "Thing" }), service],
            &[
                ("/1/provider/url", "invalid_format"),
                ("/1/availableChannel/serviceUrl", "invalid_format"),
                ("/1/offers/0/price", "invalid_format"),
                ("/1/offers/2/priceCurrency", "unsupported"),
            ],
        )
        .expect("description");
        assert_eq!(d.costs.expect("costs").fees.len(), 1);
        assert!(d.online_service.is_none());
        assert_eq!(d.competent_office.expect("office").website, None);

        let nameless = json!({ "@type": "GovernmentService", "description": "x" });
        assert!(check(&[nameless], &[("/0/name", "required")]).is_none());
    }

    #[test]
    fn operator_and_channel_make_an_office_without_provider() {
        let service = json!({
            "@type": "GovernmentService",
            "name": "Wohngeld",
            "serviceOperator": { "@type": "GovernmentOrganization", "name": "Wohngeldstelle" },
            "availableChannel": [{
                "@type": "ServiceChannel",
                "servicePhone": { "@type": "ContactPoint", "telephone": "115" },
                "serviceLocation": { "@type": "Place", "name": "Bürgerbüro", "address": "Markt 1, 12345 Musterstadt" }
            }]
        });
        let office = check(&[service], &[])
            .expect("description")
            .competent_office
            .expect("office");
        assert_eq!(office.name, "Wohngeldstelle");
        assert_eq!(office.phone.as_deref(), Some("115"));
        assert_eq!(office.address, ["Markt 1", "12345 Musterstadt"]);
    }
}
