//! Native disk-format inspector (being written).
