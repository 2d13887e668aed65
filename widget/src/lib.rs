//! The `<ozg-widget>` custom element.
