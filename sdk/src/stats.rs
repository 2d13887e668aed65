//! Aggregate transparency figures of one service, for lines such as "Wir antworten im Schnitt
//! in 3 Tagen".

use serde::{Deserialize, Serialize};

/// Figures over the feedback of one service in a window of recent days, from
/// `GET /v1/services/{leika}/stats`.
///
/// The figures are `None` while fewer than `minimumCount` submissions (for the time to answer:
/// answered submissions) fall in the window, so that no single citizen's rating or answer time
/// can be read off them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceStats {
    /// LeiKa key of the service.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[0-9]{14}$", example = "99107108017000")
    )]
    pub service: String,
    /// Length of the window in days, ending now.
    pub window_days: u32,
    /// Start of the window, RFC 3339 in UTC.
    pub since: String,
    /// Fewest submissions in the window for which the figures are given.
    pub minimum_count: u32,
    /// Submissions received in the window.
    pub count: u32,
    /// Share of submissions in the window whose answer to "Haben Sie gefunden, was Sie gesucht
    /// haben?" was "Ja", from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1))]
    pub found_share: Option<f64>,
    /// Mean rating from 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub mean_rating: Option<f64>,
    /// Median time from receipt to the department's first answer, in seconds, over the
    /// submissions of the window that were answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_answer_seconds: Option<u64>,
}

impl ServiceStats {
    /// The median time to answer in whole days, at least 1, for texts such as "in 3 Tagen".
    pub fn median_answer_days(&self) -> Option<u32> {
        let seconds = self.median_answer_seconds?;
        let days = (seconds + 43_200) / 86_400;
        Some(u32::try_from(days.max(1)).unwrap_or(u32::MAX))
    }

    /// The share who found what they needed as a whole percentage, 0 to 100.
    pub fn found_percent(&self) -> Option<u8> {
        let share = self.found_share?;
        if !(0.0..=1.0).contains(&share) {
            return None;
        }
        // In range by the check above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some((share * 100.0).round() as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(seconds: Option<u64>, share: Option<f64>) -> ServiceStats {
        ServiceStats {
            service: "99107108017000".into(),
            window_days: 365,
            since: "2025-11-26T00:00:00Z".into(),
            minimum_count: 10,
            count: 12,
            found_share: share,
            mean_rating: Some(4.2),
            median_answer_seconds: seconds,
        }
    }

    #[test]
    fn days_and_percent() {
        assert_eq!(stats(Some(3_600), None).median_answer_days(), Some(1));
        assert_eq!(
            stats(Some(3 * 86_400 - 3_600), None).median_answer_days(),
            Some(3)
        );
        assert_eq!(
            stats(Some(3 * 86_400 + 50_000), None).median_answer_days(),
            Some(4)
        );
        assert_eq!(stats(None, None).median_answer_days(), None);
        assert_eq!(stats(None, Some(0.8666)).found_percent(), Some(87));
        assert_eq!(stats(None, Some(1.5)).found_percent(), None);
    }
}
