//! Integrity under faults: a missing registry, corrupt blobs, killed exports and conversions,
//! endless inputs, pipes, and a full disk. Each test names the point of issue #10 it covers.
