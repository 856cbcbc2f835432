//! Event labels that do not collide: each title is measured, then placed in the first row below
//! the time axis where neither it nor the leader line from its date crosses anything placed
//! before.

/// A label's box, in pixels: `x0 <= x < x1`, `y0 <= y < y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// Whether the two boxes share any area.
    #[cfg(test)]
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether the vertical segment at `x` from `y0` to `y1` passes through the box.
    #[cfg(test)]
    pub fn crossed_by(&self, x: f64, y0: f64, y1: f64) -> bool {
        self.x0 <= x && x < self.x1 && y0 < self.y1 && self.y0 < y1
    }
}

/// Where one label went.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The event's x (the leader line's), in pixels.
    pub x: f64,
    /// Its row, 0 nearest the axis.
    pub row: usize,
    /// The text's box; beside its leader.
    pub rect: Rect,
}

/// The width in pixels of `text` at `size` px in Arial/Helvetica (Arimo, which the PNG is drawn
/// with, has the same metrics): the standard advance widths, in thousandths of an em, for
/// printable ASCII, and a generous guess elsewhere (0.65 em, 1 em for wide CJK characters), so
/// a label is never longer than its measured box.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '../
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
        278, 278, 584, 584, 584, 556, 1015, // :..@
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
        667, 611, 722, 667, 944, 667, 667, 611, // A-Z
        278, 278, 278, 469, 556, 333, // [..`
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
        500, 278, 556, 500, 722, 500, 500, 500, // a-z
        334, 260, 334, 584, // {..~
    ];
    let thousandths: u32 = text
        .chars()
        .map(|c| match c {
            ' '..='~' => u32::from(ASCII[c as usize - 32]),
            '\u{1100}'..='\u{115F}'
            | '\u{2E80}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF00}'..='\u{FF60}' => 1000,
            _ => 650,
        })
        .sum();
    f64::from(thousandths) * size / 1000.0
}

/// How much wider than Helvetica a label's box is made: a browser without Arial or Helvetica
/// draws the SVG's text in its own sans-serif (DejaVu Sans is about 12% wider), and the labels
/// must still not collide there.
pub(crate) const SLACK: f64 = 1.15;

/// Geometry of the label band under the time axis.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Band {
    /// Where the band starts (just under the axis).
    pub top: f64,
    /// The height of one row.
    pub row_height: f64,
    /// The text size, px.
    pub font: f64,
    /// Space kept clear between a leader and its text and between two labels.
    pub gap: f64,
}

/// Places `labels` (`(x, text)`) in rows under the axis, in the order given. Each label starts
/// just right of its leader, which runs from the axis (`band.top`) down to its row; no label's
/// box comes within `band.gap` of another's, and no leader crosses a box.
///
/// Labels are placed from the right: a label goes in the first row that is free where it lies
/// and below the row of every label whose leader it would cover. Its own leader then crosses
/// nothing, because every label placed before it lies to its right. Labels near the right end
/// may reach past the plot; the caller makes the picture wide enough ([`Placed::rect`]).
pub(crate) fn place(labels: &[(f64, &str)], band: Band) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    // Right to left; among labels on one x, the first listed first, nearest the axis.
    order.sort_by(|&a, &b| labels[b].0.total_cmp(&labels[a].0).then(a.cmp(&b)));
    let mut placed: Vec<Option<Placed>> = vec![None; labels.len()];
    let mut done: Vec<Placed> = Vec::new();
    for i in order {
        let (x, text) = labels[i];
        let x0 = x + band.gap;
        let x1 = x0 + text_width(text, band.font) * SLACK;
        // Below every leader the box would cover (leaders on the box's edges count).
        let below = done
            .iter()
            .filter(|p| x0 - band.gap <= p.x && p.x <= x1 + band.gap)
            .map(|p| p.row + 1)
            .max()
            .unwrap_or(0);
        let row = (below..)
            .find(|&row| {
                !done
                    .iter()
                    .any(|p| p.row == row && p.rect.x0 - band.gap < x1 && x0 < p.rect.x1 + band.gap)
            })
            .unwrap_or(below);
        let y0 = band.top + row as f64 * band.row_height;
        let p = Placed {
            x,
            row,
            rect: Rect {
                x0,
                y0,
                x1,
                y1: y0 + band.row_height,
            },
        };
        done.push(p.clone());
        placed[i] = Some(p);
    }
    placed.into_iter().flatten().collect()
}

/// [`place`], or its mirror image (each label ending just left of its leader, placed from the
/// left), whichever reaches less far past the plot's `edges` (`(left, right)`): events crowded at
/// the right end read better ending at their dates.
pub(crate) fn place_either(labels: &[(f64, &str)], band: Band, edges: (f64, f64)) -> Vec<Placed> {
    let rightwards = place(labels, band);
    let mirrored: Vec<(f64, &str)> = labels.iter().map(|&(x, t)| (-x, t)).collect();
    let leftwards: Vec<Placed> = place(&mirrored, band)
        .into_iter()
        .map(|p| Placed {
            x: -p.x,
            row: p.row,
            rect: Rect {
                x0: -p.rect.x1,
                x1: -p.rect.x0,
                ..p.rect
            },
        })
        .collect();
    let past = |placed: &[Placed]| {
        placed
            .iter()
            .map(|p| (edges.0 - p.rect.x0).max(p.rect.x1 - edges.1).max(0.0))
            .fold(0.0, f64::max)
    };
    if past(&leftwards) < past(&rightwards) {
        leftwards
    } else {
        rightwards
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band() -> Band {
        Band {
            top: 100.0,
            row_height: 16.0,
            font: 12.0,
            gap: 4.0,
        }
    }

    #[test]
    fn widths_follow_helvetica() {
        // "Wi" is 944 + 222 thousandths of an em.
        assert!((text_width("Wi", 10.0) - 11.66).abs() < 1e-9);
        assert!(text_width("Лукашенко", 12.0) > text_width("Lukashenko", 12.0) * 0.9);
    }

    #[test]
    fn crowded_labels_never_collide_and_leaders_cross_no_label() {
        let titles = [
            "Russia halts oil supplies to Belarus",
            "US Secretary of State Mike Pompeo visits Minsk",
            "Disputed Belarusian presidential election",
            "Sanctions",
            "More sanctions on the same week",
            "A third thing that week",
            "Embassy suspended",
            "Release of a prisoner near the right edge of the chart",
        ];
        let xs = [60.0, 70.0, 75.0, 300.0, 305.0, 310.0, 600.0, 940.0];
        let labels: Vec<(f64, &str)> = xs.iter().copied().zip(titles).collect();
        let placed = place(&labels, band());
        assert_eq!(placed.len(), labels.len());
        for (i, a) in placed.iter().enumerate() {
            assert!(a.rect.x0 > a.x, "{a:?} starts right of its leader");
            assert!(
                (a.rect.x1 - a.rect.x0 - text_width(titles[i], 12.0) * SLACK).abs() < 1e-9,
                "the box is the measured text, with room for a wider font"
            );
            for (j, b) in placed.iter().enumerate() {
                if i != j {
                    assert!(!a.rect.overlaps(&b.rect), "{a:?} overlaps {b:?}");
                    assert!(
                        !b.rect.crossed_by(a.x, band().top, a.rect.y1),
                        "{a:?} crosses {b:?}"
                    );
                }
            }
        }
        // Mirrored, the crowd at the right end reads leftwards and stays inside.
        let either = place_either(&labels, band(), (50.0, 950.0));
        assert!(either.iter().all(|p| p.rect.x1 <= p.x), "{either:?}");
        for a in &either {
            for b in &either {
                assert!(a == b || !a.rect.overlaps(&b.rect));
                assert!(a == b || !b.rect.crossed_by(a.x, band().top, a.rect.y1));
            }
        }
        // The rightmost label takes the first row; a crowd goes down a staircase.
        assert_eq!(placed[7].row, 0);
        assert!(placed[0].row > placed[1].row && placed[1].row > placed[2].row);
    }
}
