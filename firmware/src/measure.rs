//! What one operation costs on the device: instructions (SysTick under QEMU's `-icount`),
//! peak stack (painted words left untouched) and peak heap (the allocator's high-water mark).

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::SYST;
use cortex_m_rt::exception;
use embedded_alloc::LlffHeap;

/// The heap every allocation of edgejwt-core comes from, counting bytes in use and their
/// high-water mark.
pub struct CountingHeap {
    heap: LlffHeap,
    in_use: AtomicUsize,
    peak: AtomicUsize,
}

impl CountingHeap {
    pub const fn empty() -> Self {
        Self {
            heap: LlffHeap::empty(),
            in_use: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// Hands `size` bytes at `start` to the allocator; once, before any allocation.
    ///
    /// # Safety
    /// The region must be unused by anything else for the life of the program.
    pub unsafe fn init(&self, start: usize, size: usize) {
        // SAFETY: passed on from the caller.
        unsafe { self.heap.init(start, size) }
    }

    /// Starts a new high-water mark at the bytes in use now; returns them.
    pub fn reset_peak(&self) -> usize {
        let now = self.in_use.load(Ordering::Relaxed);
        self.peak.store(now, Ordering::Relaxed);
        now
    }

    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }
}

// SAFETY: every call is passed on to LlffHeap unchanged; only counters are added.
unsafe impl GlobalAlloc for CountingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { self.heap.alloc(layout) };
        if !block.is_null() {
            let now = self.in_use.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            self.peak.fetch_max(now, Ordering::Relaxed);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        self.in_use.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { self.heap.dealloc(block, layout) }
    }
}

/// SysTick wraps seen since it started (it counts down from [`RELOAD`]).
static WRAPS: AtomicU32 = AtomicU32::new(0);
const RELOAD: u32 = 0x00FF_FFFF;

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Ticks of the core clock since [`start_ticks`]. Under QEMU with `-icount shift=0`
/// virtual time advances one nanosecond per instruction, so ticks convert to
/// instructions by a factor the caller calibrates with a loop of known length.
pub fn ticks() -> u64 {
    loop {
        let before = WRAPS.load(Ordering::Relaxed);
        let current = SYST::get_current();
        if WRAPS.load(Ordering::Relaxed) == before {
            return u64::from(before) * u64::from(RELOAD + 1) + u64::from(RELOAD - current);
        }
    }
}

pub fn start_ticks(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    // The counter reads 0 until its first reload: wait for it, so ticks never go back.
    while SYST::get_current() == 0 {}
}

const PAINT: u32 = 0xA5A5_5A5A;

extern "C" {
    /// End of the statics (and so of the heap array): the lowest address the stack may reach.
    static __sheap: u32;
    /// Top of RAM: where the stack starts.
    static _stack_start: u32;
}

/// The words the stack may grow into, below the current stack pointer (minus a margin
/// for this function's own frame).
fn free_stack() -> (usize, usize) {
    // Only the linker symbol's address is taken, never its contents.
    let bottom = core::ptr::addr_of!(__sheap) as usize;
    let here = cortex_m::register::msp::read() as usize;
    (bottom, here.saturating_sub(256) & !3)
}

/// Fills the free stack with a pattern, to find later how deep an operation reached.
pub fn paint_stack() {
    let (bottom, top) = free_stack();
    let mut at = bottom;
    while at < top {
        // SAFETY: [bottom, top) lies between the end of the statics and below the live
        // stack (minus a margin): memory no one uses now, written word by word.
        unsafe { core::ptr::write_volatile(at as *mut u32, PAINT) };
        at += 4;
    }
}

/// Bytes of stack used since [`paint_stack`], from the top of RAM.
pub fn stack_used() -> usize {
    let (bottom, top) = free_stack();
    let mut at = bottom;
    // SAFETY: as in paint_stack; only reads.
    while at < top && unsafe { core::ptr::read_volatile(at as *const u32) } == PAINT {
        at += 4;
    }
    let stack_top = core::ptr::addr_of!(_stack_start) as usize;
    stack_top - at
}
