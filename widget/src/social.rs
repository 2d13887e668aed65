//! Pure rules of the updates panel: the order of "Follow us" links per audience, and the unit
//! a relative time is told in.

use ozg_sdk::{Audience, FollowLink, SocialPlatform};

/// The platforms each audience is most likely on, first in the "Follow us" list.
fn preferred(audience: Audience) -> &'static [SocialPlatform] {
    use SocialPlatform::*;
    match audience {
        Audience::Professionals => &[LinkedIn, Xing, Mastodon, Bluesky],
        _ => &[Instagram, Facebook, TikTok, Mastodon, YouTube],
    }
}

/// `links` ordered for `audience`: links addressing it (or everyone) first, the audience's
/// preferred platforms first among them in their order, then the rest as the endpoint sent
/// them; links addressing only other audiences come last, so nothing the authority lists is
/// hidden.
pub fn order_follow_links(links: &[FollowLink], audience: Audience) -> Vec<FollowLink> {
    let preferred = preferred(audience);
    let mut ordered: Vec<(usize, &FollowLink)> = links.iter().enumerate().collect();
    crate::sort::sort_small_by_key(&mut ordered, |(index, link)| {
        let addressed = link.audiences.is_empty() || link.audiences.contains(&audience);
        let rank = preferred
            .iter()
            .position(|platform| *platform == link.platform)
            .unwrap_or(preferred.len());
        (!addressed, rank, *index)
    });
    ordered.into_iter().map(|(_, link)| link.clone()).collect()
}

/// How many whole units ago, and the unit (`second` … `year`, as [`crate::i18n::Texts::ago`]
/// takes them), to tell a time `seconds_ago` in. Future times (a clock running late) count as
/// now.
pub fn relative_unit(seconds_ago: f64) -> (u64, &'static str) {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 60.0 * MINUTE;
    const DAY: f64 = 24.0 * HOUR;
    let seconds = seconds_ago.max(0.0);
    let (value, unit) = if seconds < MINUTE {
        (seconds, "second")
    } else if seconds < HOUR {
        (seconds / MINUTE, "minute")
    } else if seconds < DAY {
        (seconds / HOUR, "hour")
    } else if seconds < 7.0 * DAY {
        (seconds / DAY, "day")
    } else if seconds < 30.0 * DAY {
        (seconds / (7.0 * DAY), "week")
    } else if seconds < 365.0 * DAY {
        (seconds / (30.0 * DAY), "month")
    } else {
        (seconds / (365.0 * DAY), "year")
    };
    // Whole units, never negative: the cast saturates.
    (value.floor() as u64, unit)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn link(platform: SocialPlatform, audiences: &[Audience]) -> FollowLink {
        FollowLink {
            platform,
            url: format!("https://example.org/{}", platform.display_name()),
            audiences: audiences.to_vec(),
        }
    }

    fn platforms(links: &[FollowLink]) -> Vec<SocialPlatform> {
        links.iter().map(|link| link.platform).collect()
    }

    #[test]
    fn citizens_and_professionals_see_their_platforms_first() {
        use SocialPlatform::*;
        let links = [
            link(X, &[]),
            link(Bluesky, &[]),
            link(LinkedIn, &[Audience::Professionals]),
            link(Mastodon, &[]),
            link(Instagram, &[Audience::Citizens]),
            link(Xing, &[Audience::Professionals]),
            link(YouTube, &[Audience::Citizens, Audience::Professionals]),
        ];
        assert_eq!(
            platforms(&order_follow_links(&links, Audience::Citizens)),
            [Instagram, Mastodon, YouTube, X, Bluesky, LinkedIn, Xing]
        );
        assert_eq!(
            platforms(&order_follow_links(&links, Audience::Professionals)),
            [LinkedIn, Xing, Mastodon, Bluesky, X, YouTube, Instagram]
        );
        assert!(order_follow_links(&[], Audience::Citizens).is_empty());
    }

    #[test]
    fn relative_units() {
        let cases = [
            (-5.0, (0, "second")),
            (0.0, (0, "second")),
            (59.0, (59, "second")),
            (60.0, (1, "minute")),
            (3.0 * 3600.0 + 5.0, (3, "hour")),
            (86_400.0 * 2.5, (2, "day")),
            (86_400.0 * 8.0, (1, "week")),
            (86_400.0 * 45.0, (1, "month")),
            (86_400.0 * 800.0, (2, "year")),
        ];
        for (seconds, expected) in cases {
            assert_eq!(relative_unit(seconds), expected, "{seconds}");
        }
    }
}
