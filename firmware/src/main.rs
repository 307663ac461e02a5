//! Verifies a real Cognito access token on a Cortex-M4F with a static key set: how
//! much flash and RAM edgejwt-core costs on a microcontroller.
//!
//! Build: `cd firmware && cargo build --release` (target thumbv7em-none-eabihf).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use edgejwt_core::{KeySet, Policy, TokenUse};
use embedded_alloc::LlffHeap as Heap;
use panic_halt as _;

#[global_allocator]
static HEAP: Heap = Heap::empty();

/// The issuer's JWKS, as shipped in the firmware image (public test fixture).
const JWKS: &str = r#"{"keys":[{"alg":"RS256","e":"AQAB","kid":"gQpiUD80i1clqVSTeCVFv9QqAFqLTMfsxqmOfhF6B5Q=","kty":"RSA","n":"lIDWCMwekpg2iN1fYByRNETiLeTOWW5dMfzO7Csxgc683BQYS-TRd7McdZU2c9JyZMyt2mQlXlLJGU1KGGLo3nrC92j0pS7GlOB_kQFXd6fPYrROm6ROQXHL5tJm-mSeRTtsGqAxJMNGUe9fPWnNuGwHYxpqhORxDgQZOtsJaZ8GsCUpByE_cjLfdfLjMTAX5wqiJpmT91a59N4QuJofkinaVoP7vzPTtiyYwdZiWvzKrSBaLFIcOq_TPsYxepFW8GB7ewpdKbdcoTrqQ59R58l_HxHV_taU0XyNKAcrnsMD8QeEN-fqvNNP6FY2YUTLP5ZrNsWKQtEM_juWwCUaUw","use":"sig"},{"alg":"RS256","e":"AQAB","kid":"Ob3sVovGdh62Pp9TLNibzCEhRwbhLjhkxygoCJzoYWQ=","kty":"RSA","n":"njcpd8hDHaIbf0ZlswM171sW7RW7ahVJWRPZnw5Svx5Be0arc9djMP9CQNQH24yydKLkD-nH-gt3pKJHdIKEZnYou5utsKOhqZ40CGSzvBgV9ZRGxSQ6sKXXKwuYagjqvgjSVHbzI_Msf4iOI2tYXmdtqLa3LSmLkyhZRorsFUGqYXiPT_QK1Xol0ZyL1xLtaVln4uUD2hoLZSn_Nu-8he1pfrmrXnLmry4sPipZztdTivoo77raeCzT-RpV15OD-amREBU0cHX_-rANcdv6PxKis7dOvQi1NE_pxHzVsJeLUN8KPmk3ni8WrupD0dWutkx503T3Ag6caLBgez3onQ","use":"sig"}]}"#;

/// A token as it would arrive over the radio or the wire.
const TOKEN: &str = "eyJraWQiOiJPYjNzVm92R2RoNjJQcDlUTE5pYnpDRWhSd2JoTGpoa3h5Z29DSnpvWVdRPSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIxYmMyYThmYi1mYzBhLTQ0MGYtOTNhZS01NzZlMDg3OWQxODAiLCJjb2duaXRvOmdyb3VwcyI6WyJ1cy1lYXN0LTFfaVdjVFBoWkJBX2FkZnMiXSwidG9rZW5fdXNlIjoiYWNjZXNzIiwic2NvcGUiOiJvcGVuaWQgcHJvZmlsZSBlbWFpbCIsImF1dGhfdGltZSI6MTYxNzk1NDg0OCwiaXNzIjoiaHR0cHM6XC9cL2NvZ25pdG8taWRwLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tXC91cy1lYXN0LTFfaVdjVFBoWkJBIiwiZXhwIjoxNjE3OTU1NzQ4LCJpYXQiOjE2MTc5NTQ4NTEsInZlcnNpb24iOjIsImp0aSI6IjkzZTZlOTg4LWMzMjItNGIxYi05ZTU5LTNkZDY4YWRhMDFkOSIsImNsaWVudF9pZCI6IjZpMG82c2VsYTE1amRjdGdlZmxrbWo0Z2pvIiwidXNlcm5hbWUiOiJhZGZzX21vZ2hhbHNcXGJvYiJ9.ddHGG1Egjpn0IX9KadH_1-eI33DpEJ1ldPbJk0yYCItbdz3KCA2zY-Ho9KTMN9HZoGWvN5o-6CQKAjEPqpO9qr5YWVMrSMno2jmPUFCkHGIQ7ns10Mt6rvh7D62kTWjXtkXje2kShhYPnOAtVx9lZxvHQRaSYCqpurtpImOoKaxjx3jlQ_ldjOQLXBBhvA2o6SOxo93ZpXFKExaI_yYI4SVLiFHtrjSucpcyiM9RyoR3sptZG502nnJsNTXrDXHg2SedaH4gCXfCc3g2A7Og4trfLdVB_IpzSj-2K4XCVuO0SX2f_l7MboSKbcrHTDbkySF_ISipvBNVD6XVeB5Tmg";

#[entry]
fn main() -> ! {
    // 32 KiB of heap: RSA-2048 keys and one decoded token fit comfortably.
    {
        use core::mem::MaybeUninit;
        const HEAP_SIZE: usize = 32 * 1024;
        static mut HEAP_MEM: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];
        // SAFETY: called once, before any allocation; the region is used by nothing else.
        #[allow(static_mut_refs)]
        unsafe {
            HEAP.init(HEAP_MEM.as_ptr() as usize, HEAP_SIZE)
        }
    }
    let verdict = KeySet::from_jwks(black_box(JWKS)).ok().and_then(|keys| {
        let policy = Policy::cognito("us-east-1_iWcTPhZBA", TokenUse::Access)
            .client_id("6i0o6sela15jdctgeflkmj4gjo")
            .build()
            .ok()?;
        // The clock would come from the RTC.
        Some(policy.verify(black_box(TOKEN), &keys, black_box(1617954852)).is_ok())
    });
    black_box(verdict);
    loop {
        cortex_m::asm::wfi();
    }
}
