//! Event data (GDELT 2.0, CAMEO-coded CSV) aggregated into ties.
