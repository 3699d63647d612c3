//! Limited-memory BFGS, the optimiser scikit-learn's logistic regression
//! uses by default: a few pages of plain arithmetic in a fixed order, so
//! that learning gives the same numbers every time, and no dependency.

/// Corrections kept: the usual ten.
const MEMORY: usize = 10;

/// `f` at its minimum near `x`: `f` gives the value at a point and writes
/// its gradient. Stops after `iterations`, once no part of the gradient is
/// larger than `tolerance` (as scipy's `gtol`, which scikit-learn sets), or
/// once a step no longer lowers the value by more than a part in a billion.
pub fn minimise(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    mut x: Vec<f64>,
    iterations: usize,
    tolerance: f64,
) -> Vec<f64> {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut value = f(&x, &mut g);
    let mut steps: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::with_capacity(MEMORY);
    let mut next_g = vec![0.0; n];
    for _ in 0..iterations {
        if g.iter().all(|v| v.abs() <= tolerance) {
            break;
        }
        // The direction: the two-loop recursion over the corrections kept.
        let mut d: Vec<f64> = g.iter().map(|v| -v).collect();
        let mut alphas = Vec::with_capacity(steps.len());
        for (s, y, rho) in steps.iter().rev() {
            let a = rho * dot(s, &d);
            axpy(-a, y, &mut d);
            alphas.push(a);
        }
        if let Some((s, y, _)) = steps.last() {
            let scale = dot(s, y) / dot(y, y);
            d.iter_mut().for_each(|v| *v *= scale);
        }
        for ((s, y, rho), a) in steps.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &d);
            axpy(a - b, s, &mut d);
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a way down: start again from the gradient.
            steps.clear();
            d = g.iter().map(|v| -v).collect();
            slope = -dot(&g, &g);
        }
        if slope == 0.0 {
            break;
        }
        // Backtracking until the value falls enough (Armijo).
        let mut t = if steps.is_empty() { 1.0 / norm(&g).max(1.0) } else { 1.0 };
        let mut next: Vec<f64>;
        let mut next_value;
        let mut tries = 0;
        loop {
            next = x.iter().zip(&d).map(|(xi, di)| xi + t * di).collect();
            next_value = f(&next, &mut next_g);
            if next_value <= value + 1e-4 * t * slope || tries == 40 {
                break;
            }
            t *= 0.5;
            tries += 1;
        }
        let s: Vec<f64> = next.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_g.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        let improvement = value - next_value;
        x = next;
        std::mem::swap(&mut g, &mut next_g);
        let previous = value;
        value = next_value;
        if sy > 1e-12 {
            if steps.len() == MEMORY {
                steps.remove(0);
            }
            steps.push((s, y, 1.0 / sy));
        }
        if improvement.abs() <= 1e-9 * previous.abs().max(1.0) {
            break;
        }
    }
    x
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_bottom_of_a_bowl() {
        // (x - 3)^2 + 10 (y + 1)^2
        let f = |w: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * (w[0] - 3.0);
            g[1] = 20.0 * (w[1] + 1.0);
            (w[0] - 3.0).powi(2) + 10.0 * (w[1] + 1.0).powi(2)
        };
        let x = super::minimise(f, vec![0.0, 0.0], 100, 1e-9);
        assert!((x[0] - 3.0).abs() < 1e-4 && (x[1] + 1.0).abs() < 1e-4, "{x:?}");
    }
}
