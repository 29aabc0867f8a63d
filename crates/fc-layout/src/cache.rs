//! A box's layout cache: taffy's own `Cache` (taffy 0.15, `tree/cache.rs`), the same keys,
//! lookups and replacement, with the measure entries in a short inline vector in place of
//! nine fixed slots.
//!
//! taffy's `Cache` is 408 bytes, most of it nine measure slots; a box here is measured at
//! two sizes (a row's cells: min-content and the width the row gives them), so a page of
//! 10,000 rows carried some 9 MB of empty slots, all written when each box was made.

use smallvec::SmallVec;
use taffy::{
    AvailableSpace, ClearState, CollapsibleMarginSet, LayoutInput, LayoutOutput, RequestedAxis,
    RunMode, Size, SizingMode,
};

/// Measure entries kept at most, as taffy.
const CACHE_SIZE: usize = 9;

/// The bits of `f32::INFINITY` and `f32::NEG_INFINITY`.
const INFINITY_BITS: u32 = 0x7f80_0000;
const NEG_INFINITY_BITS: u32 = 0xff80_0000;
const SIGN_BIT_1: u64 = 1u64 << 63;
const SIGN_BIT_2: u64 = 1u64 << 31;
const BOTH_SIGN_BITS_MASK: u64 = SIGN_BIT_1 | SIGN_BIT_2;
const NON_SIGN_BITS_MASK: u64 = !BOTH_SIGN_BITS_MASK;
const X_AXIS_VALUE_MASK: u64 = (u32::MAX as u64) << 32;

fn option_key(input: Option<f32>) -> u32 {
    input.map_or(INFINITY_BITS, f32::to_bits)
}

fn size_option_key(input: Size<Option<f32>>) -> u64 {
    ((option_key(input.width) as u64) << 32) | option_key(input.height) as u64
}

fn available_space_key(input: AvailableSpace) -> u32 {
    match input {
        AvailableSpace::Definite(value) => (-value).to_bits(),
        AvailableSpace::MinContent => NEG_INFINITY_BITS,
        AvailableSpace::MaxContent => INFINITY_BITS,
    }
}

fn mixed_key(kd: Option<f32>, avs: AvailableSpace) -> u32 {
    kd.map_or_else(|| available_space_key(avs), f32::to_bits)
}

/// What an entry was computed for: the known dimensions where given, else the available
/// space; the parent size with the requested axes in its sign bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CacheKey {
    kd_available_space: u64,
    parent_size: u64,
    known_dimensions_are_definite: Size<bool>,
}

impl CacheKey {
    fn of(input: &LayoutInput) -> CacheKey {
        let axis_bits = match input.axis {
            RequestedAxis::Horizontal => SIGN_BIT_1,
            RequestedAxis::Vertical => SIGN_BIT_2,
            RequestedAxis::Both => SIGN_BIT_1 | SIGN_BIT_2,
        };
        let kd = input.known_dimensions;
        let avs = input.available_space;
        CacheKey {
            kd_available_space: ((mixed_key(kd.width, avs.width) as u64) << 32)
                | mixed_key(kd.height, avs.height) as u64,
            parent_size: (size_option_key(input.parent_size) & NON_SIGN_BITS_MASK) | axis_bits,
            known_dimensions_are_definite: Size {
                width: input.known_dimensions_are_definite.width || kd.width.is_none(),
                height: input.known_dimensions_are_definite.height || kd.height.is_none(),
            },
        }
    }

    fn x_axis_parent_size(&self) -> u64 {
        self.parent_size & (X_AXIS_VALUE_MASK & NON_SIGN_BITS_MASK)
    }

    fn requested_axis_bits(&self) -> u64 {
        self.parent_size & BOTH_SIGN_BITS_MASK
    }

    /// A size computed for both axes answers a request for either.
    fn size_is_valid_for(&self, other: &CacheKey) -> bool {
        let axis = self.requested_axis_bits();
        axis == BOTH_SIGN_BITS_MASK || axis == other.requested_axis_bits()
    }
}

/// The sizing mode and which vertical margins may collapse: entries made under another
/// mode are dropped, as taffy does.
fn mode_of(input: &LayoutInput) -> u8 {
    let inherent = matches!(input.sizing_mode, SizingMode::InherentSize) as u8;
    let collapsible = input.vertical_margins_are_collapsible;
    inherent | (collapsible.start as u8) << 1 | (collapsible.end as u8) << 2
}

#[derive(Debug, Clone)]
pub(crate) struct Cache {
    final_layout: Option<(CacheKey, LayoutOutput)>,
    /// In taffy's slot order: slot `i` is entry `i` (slots fill in order until all nine
    /// are taken, then are reused in place).
    measures: SmallVec<[(CacheKey, Size<f32>); 2]>,
    recently_used: u16,
    next_measure: u8,
    is_empty: bool,
    mode: u8,
}

impl Cache {
    pub(crate) fn new() -> Cache {
        Cache {
            final_layout: None,
            measures: SmallVec::new(),
            recently_used: 0,
            next_measure: 0,
            is_empty: true,
            mode: 0,
        }
    }

    pub(crate) fn get(&mut self, input: &LayoutInput) -> Option<LayoutOutput> {
        if self.mode != mode_of(input) {
            return None;
        }
        let key = CacheKey::of(input);
        match input.run_mode {
            RunMode::PerformLayout => self
                .final_layout
                .as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, output)| output.clone()),
            RunMode::ComputeSize => {
                let (index, size) =
                    self.measures
                        .iter()
                        .enumerate()
                        .find_map(|(index, (k, size))| {
                            (k.kd_available_space == key.kd_available_space
                                && k.known_dimensions_are_definite
                                    == key.known_dimensions_are_definite
                                && k.x_axis_parent_size() == key.x_axis_parent_size()
                                && k.size_is_valid_for(&key))
                            .then_some((index, *size))
                        })?;
                self.recently_used |= 1 << index;
                Some(LayoutOutput::from_outer_size(size))
            }
            RunMode::PerformHiddenLayout => None,
        }
    }

    pub(crate) fn store(&mut self, input: &LayoutInput, output: LayoutOutput) {
        if input.run_mode == RunMode::PerformHiddenLayout {
            return;
        }
        let mode = mode_of(input);
        if self.mode != mode {
            self.clear();
            self.mode = mode;
        }
        let key = CacheKey::of(input);
        match input.run_mode {
            RunMode::PerformLayout => {
                self.is_empty = false;
                self.final_layout = Some((key, output));
            }
            RunMode::ComputeSize => {
                // Sizes that carry collapsible margins are not cached (as taffy).
                if output.margins_can_collapse_through
                    || output.top_margin != CollapsibleMarginSet::ZERO
                    || output.bottom_margin != CollapsibleMarginSet::ZERO
                {
                    return;
                }
                self.is_empty = false;
                if let Some(index) = self.measures.iter().position(|(k, _)| *k == key) {
                    self.measures[index].1 = output.size;
                    self.recently_used |= 1 << index;
                    return;
                }
                // The first slot from `next_measure` not used since it was last passed.
                while self.recently_used & (1 << self.next_measure) != 0 {
                    self.recently_used &= !(1 << self.next_measure);
                    self.next_measure = (self.next_measure + 1) % CACHE_SIZE as u8;
                }
                let index = self.next_measure as usize;
                match self.measures.get_mut(index) {
                    Some(slot) => *slot = (key, output.size),
                    // Slots fill in order: an empty one is the next to push.
                    None => self.measures.push((key, output.size)),
                }
                self.recently_used |= 1 << index;
                self.next_measure = (self.next_measure + 1) % CACHE_SIZE as u8;
            }
            RunMode::PerformHiddenLayout => {}
        }
    }

    pub(crate) fn clear(&mut self) -> ClearState {
        if self.is_empty {
            return ClearState::AlreadyEmpty;
        }
        self.is_empty = true;
        self.final_layout = None;
        self.measures.clear();
        self.recently_used = 0;
        self.next_measure = 0;
        ClearState::Cleared
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.final_layout.is_none() && self.measures.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use taffy::{Line, Size};

    fn input(run_mode: RunMode, width: Option<f32>, avail: AvailableSpace) -> LayoutInput {
        LayoutInput {
            run_mode,
            sizing_mode: SizingMode::InherentSize,
            axis: RequestedAxis::Both,
            known_dimensions: Size {
                width,
                height: None,
            },
            known_dimensions_are_definite: Size {
                width: true,
                height: true,
            },
            parent_size: Size {
                width: Some(375.0),
                height: None,
            },
            available_space: Size {
                width: avail,
                height: AvailableSpace::MaxContent,
            },
            vertical_margins_are_collapsible: Line::FALSE,
        }
    }

    fn sized(w: f32, h: f32) -> LayoutOutput {
        LayoutOutput::from_outer_size(Size {
            width: w,
            height: h,
        })
    }

    /// Every store and lookup answers as taffy's own cache does, over more distinct
    /// requests than there are slots (so reuse in place is reached too).
    #[test]
    fn answers_as_taffys_cache() {
        let mut ours = Cache::new();
        let mut theirs = taffy::Cache::new();
        let requests: Vec<LayoutInput> = (0..14)
            .map(|i| {
                let avail = match i % 3 {
                    0 => AvailableSpace::MinContent,
                    1 => AvailableSpace::MaxContent,
                    _ => AvailableSpace::Definite(100.0 + i as f32),
                };
                let mode = if i % 4 == 3 {
                    RunMode::PerformLayout
                } else {
                    RunMode::ComputeSize
                };
                input(mode, (i % 5 == 0).then_some(i as f32), avail)
            })
            .collect();
        for round in 0..3 {
            for (i, r) in requests.iter().enumerate() {
                let a = ours.get(r).map(|o| o.size);
                let b = theirs.get(r).map(|o| o.size);
                assert_eq!(a, b, "round {round}, request {i}");
                if a.is_none() {
                    let out = sized(i as f32, round as f32);
                    ours.store(r, out.clone());
                    theirs.store(r, out);
                }
            }
            // Every other request asked again, in reverse: the recently-used bits differ.
            for r in requests.iter().rev().step_by(2) {
                assert_eq!(ours.get(r).map(|o| o.size), theirs.get(r).map(|o| o.size));
            }
        }
        assert_eq!(ours.is_empty(), theirs.is_empty());
        assert!(matches!(ours.clear(), ClearState::Cleared));
        assert!(matches!(theirs.clear(), ClearState::Cleared));
        assert!(matches!(ours.clear(), ClearState::AlreadyEmpty));
        assert!(ours.is_empty());
        assert!(ours.get(&requests[0]).is_none());
    }

    /// A request in another sizing mode empties the cache first, as taffy's does.
    #[test]
    fn a_new_mode_drops_entries() {
        let mut c = Cache::new();
        let r = input(RunMode::ComputeSize, None, AvailableSpace::MinContent);
        c.store(&r, sized(10.0, 20.0));
        assert_eq!(
            c.get(&r).map(|o| o.size),
            Some(Size {
                width: 10.0,
                height: 20.0
            })
        );
        let mut content = r;
        content.sizing_mode = SizingMode::ContentSize;
        assert!(c.get(&content).is_none());
        c.store(&content, sized(5.0, 5.0));
        assert!(c.get(&r).is_none());
    }

    /// The point of it: at most half of taffy's (200 bytes against 408 on 64-bit).
    #[test]
    fn half_the_size_of_taffys() {
        assert!(std::mem::size_of::<Cache>() <= std::mem::size_of::<taffy::Cache>() / 2);
    }
}
