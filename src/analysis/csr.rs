//! Compressed sparse rows: the adjacency the centralities walk, in three flat arrays.

/// Compressed sparse rows: the neighbours of node `i` are `targets[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    /// Row starts, `n + 1` entries.
    pub offsets: Vec<usize>,
    /// Neighbour positions.
    pub targets: Vec<u32>,
    /// One value per entry of `targets`.
    pub values: Vec<f64>,
}

impl Csr {
    /// Builds rows from `(source, target, value)` triples; rows keep the triples' order.
    pub fn from_triples(n: usize, triples: &[(u32, u32, f64)]) -> Csr {
        let mut offsets = vec![0usize; n + 1];
        for &(s, _, _) in triples {
            offsets[s as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; triples.len()];
        let mut values = vec![0.0; triples.len()];
        for &(s, t, v) in triples {
            let at = &mut fill[s as usize];
            targets[*at] = t;
            values[*at] = v;
            *at += 1;
        }
        Csr {
            offsets,
            targets,
            values,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries of row `i`: neighbours and values.
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[i]..self.offsets[i + 1];
        (&self.targets[range.clone()], &self.values[range])
    }
}
