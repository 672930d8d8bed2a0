//! The random number generator Open edX shuffles and subsets choices with:
//! Python's `random.Random(seed)` (the Mersenne Twister MT19937, seeded from
//! an integer with `init_by_array`), driven the Python 2 way that capa keeps
//! through the `random2` package (`shuffle` and `randint` scale `random()`
//! instead of drawing bits). Matching it draw for draw is what makes a
//! learner's shuffled choices here appear in the order Open edX shows for the
//! same seed.

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// Python's `random.Random`, as capa uses it.
pub struct PyRandom {
    state: [u32; N],
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)` for an integer seed: its absolute value, split
    /// into 32-bit words from the least significant, seeds `init_by_array`.
    pub fn new(seed: i64) -> Self {
        let mut n = seed.unsigned_abs();
        let mut key = Vec::with_capacity(2);
        while n > 0 {
            key.push((n & 0xffff_ffff) as u32);
            n >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        let mut rng = PyRandom {
            state: [0; N],
            index: N,
        };
        rng.init_by_array(&key);
        rng
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mut i = 1;
        let mut j = 0;
        for _ in 0..N.max(key.len()) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & UPPER_MASK) | (self.state[(k + 1) % N] & LOWER_MASK);
                let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
                self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `int(random() * n)`: Python 2's way to pick below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.random() * n as f64) as usize
    }

    /// Python 2's `shuffle`: from the end, swap each item with one at or
    /// before it.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// Python 2's `randint(a, b)`: `a + int(random() * (b - a + 1))`.
    pub fn randint(&mut self, a: usize, b: usize) -> usize {
        a + self.below(b - a + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values computed with CPython's `random` module:
    // `random.Random(seed).random()`, and the Python 2 `shuffle` of
    // `list(range(n))` (`j = int(random() * (i + 1))` from the end).

    #[test]
    fn draws_the_floats_python_draws() {
        let mut rng = PyRandom::new(0);
        assert_eq!(rng.random(), 0.8444218515250481);
        assert_eq!(rng.random(), 0.7579544029403025);
        let mut rng = PyRandom::new(1);
        assert_eq!(rng.random(), 0.13436424411240122);
        let mut rng = PyRandom::new(12_345_678_901);
        assert_eq!(rng.random(), RANDOM_BIG_SEED);
        let mut rng = PyRandom::new(-1);
        assert_eq!(rng.random(), 0.13436424411240122, "the sign is dropped");
    }

    #[test]
    fn shuffles_as_python_2_does() {
        for (seed, n, expected) in SHUFFLES {
            let mut items: Vec<usize> = (0..*n).collect();
            PyRandom::new(*seed).shuffle(&mut items);
            assert_eq!(&items, expected, "seed {seed}, {n} items");
        }
    }

    #[test]
    fn randint_draws_what_python_2_draws() {
        let mut rng = PyRandom::new(5);
        let first: Vec<usize> = (0..5).map(|_| rng.randint(0, 2)).collect();
        assert_eq!(first, [1, 2, 2, 2, 2]);
        let drawn: Vec<usize> = (0..200).map(|_| rng.randint(0, 2)).collect();
        assert!(drawn.iter().all(|&d| d <= 2));
        for value in 0..=2 {
            assert!(drawn.contains(&value));
        }
    }

    const RANDOM_BIG_SEED: f64 = 0.9460118159397316;
    const SHUFFLES: &[(i64, usize, &[usize])] = &[
        (1, 3, &[2, 1, 0]),
        (1, 5, &[1, 4, 2, 3, 0]),
        (7, 4, &[2, 3, 0, 1]),
        (42, 10, &[9, 7, 8, 5, 3, 4, 1, 2, 0, 6]),
        (999, 6, &[2, 5, 1, 3, 0, 4]),
        (0, 2, &[0, 1]),
        (17, 8, &[0, 7, 2, 3, 1, 6, 5, 4]),
        (123, 5, &[2, 3, 1, 4, 0]),
    ];
}
