-- Placeholder: filled by the branch that owns this slot.
SELECT 1;
