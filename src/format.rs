//! Text formatting shared by the front ends and the service's messages: human byte sizes,
//! rates, durations and timestamps.

use std::time::Duration;

use chrono::{DateTime, Local, Utc};

/// Bytes in binary units (`1.5 GiB`), or `—` when unknown.
pub fn bytes(size_bytes: Option<u64>) -> String {
    match size_bytes {
        Some(size) => bytes_exact(size),
        None => "—".to_string(),
    }
}

/// Bytes in binary units (`1.5 GiB`).
pub fn bytes_exact(size_bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if size_bytes < 1024 {
        return format!("{size_bytes} B");
    }
    let mut value = size_bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else if value >= 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.2} {}", UNITS[unit])
    }
}

/// A transfer rate (`12.3 MiB/s`).
pub fn rate(bytes_per_second: f64) -> String {
    if !bytes_per_second.is_finite() || bytes_per_second <= 0.0 {
        return "—".to_string();
    }
    format!("{}/s", bytes_exact(bytes_per_second as u64))
}

/// A duration for an ETA (`1 h 02 min`, `3 min 05 s`, `42 s`).
pub fn duration(span: Duration) -> String {
    let secs = span.as_secs();
    if secs >= 3600 {
        format!("{} h {:02} min", secs / 3600, (secs % 3600) / 60)
    } else if secs >= 60 {
        format!("{} min {:02} s", secs / 60, secs % 60)
    } else {
        format!("{secs} s")
    }
}

/// A timestamp in the local time zone, to the second.
pub fn local_time(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// A timestamp in the local time zone with milliseconds (for timelines, where several
/// transitions happen within one second).
pub fn local_time_precise(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S%.3f")
        .to_string()
}

/// An optional value or `—`.
pub fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("—").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_units() {
        assert_eq!(bytes(None), "—");
        assert_eq!(bytes_exact(512), "512 B");
        assert_eq!(bytes_exact(1536), "1.50 KiB");
        assert_eq!(bytes_exact(20 * 1024 * 1024), "20.0 MiB");
        assert_eq!(bytes_exact(300 * 1024 * 1024 * 1024), "300 GiB");
        assert_eq!(duration(Duration::from_secs(3725)), "1 h 02 min");
        assert_eq!(duration(Duration::from_secs(185)), "3 min 05 s");
        assert_eq!(rate(0.0), "—");
    }
}
