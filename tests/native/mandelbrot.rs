//! mandelbrot: escape counts at points worked out by hand.

use kernels::mandelbrot::Spec;

#[test]
fn known_points() {
    // 16×1 image: pixel x has c = -2.2 + 0.2 (x + 0.5) + 0i.
    let row = Spec {
        width: 16,
        height: 1,
        max_iter: 100,
    }
    .row(0);
    assert_eq!(row[0], 1, "c = -2.1: |z1|² = 4.41 > 4 after one step");
    assert_eq!(
        row[5], 100,
        "c = -1.1 lies in the period-2 bulb: never escapes"
    );
    // c = 0.5: z = 0.5, 0.75, 1.0625, 1.6289…, 3.153… (|z|² > 4 after the 5th step).
    assert_eq!(row[13], 5, "c = 0.5");
    assert_eq!(row[7], 100, "c = -0.7 is inside the main cardioid");
}

#[test]
fn picture_is_symmetric_and_sized() {
    // The set is symmetric about the real axis; rows y and h-1-y mirror.
    let s = Spec {
        width: 40,
        height: 30,
        max_iter: 200,
    };
    let rows: Vec<Vec<u32>> = (0..s.height).map(|y| s.row(y)).collect();
    for y in 0..15 {
        assert_eq!(rows[y], rows[29 - y], "row {y}");
    }
    let refs: Vec<&[u32]> = rows.iter().map(Vec::as_slice).collect();
    assert_eq!(s.rgba(&refs).len(), 40 * 30 * 4);
}

#[test]
fn rejects_out_of_range() {
    for (w, h, i) in [(0, 10, 10), (10, 5000, 10), (10, 10, 0), (10, 10, 200_000)] {
        assert!(
            kernels::Workload::Mandelbrot(Spec {
                width: w,
                height: h,
                max_iter: i
            })
            .validate()
            .is_err()
        );
    }
}

#[test]
fn parity() {
    let w = kernels::Workload::Mandelbrot(Spec {
        width: 64,
        height: 48,
        max_iter: 300,
    });
    crate::helpers::check_parity(&w, 2);
}
