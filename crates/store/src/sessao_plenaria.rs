//! Sessões plenárias as scheduled entries: tipos, numbering, calendar.
