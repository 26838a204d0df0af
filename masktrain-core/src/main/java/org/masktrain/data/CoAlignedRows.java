package org.masktrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.masktrain.linalg.Matrix;

/**
 * Finds pairs of rows that are duplicates or co-aligned: {@code |cos(x_i, x_j)| >= 1 - t}, which
 * covers equal rows, scaled copies and negated copies.
 *
 * <p>Comparing every pair costs O(n^2 d). Here each row is divided by its norm and projected on
 * a random unit vector v, and the rows are sorted by the absolute projection. For unit vectors,
 * {@code |<u_i, u_j>| >= 1 - t} implies {@code ||u_i - s u_j||^2 <= 2t} for a sign s, so
 * {@code ||<u_i, v>| - |<u_j, v>|| <= |<u_i - s u_j, v>| <= sqrt(2t)}. Only neighbours in sorted
 * order within that window can match, so no pair is missed. Fifteen more random directions give
 * the same necessary condition and discard most candidates before the exact cosine is computed.
 * The cost grows with t because the window does: on the 60000 Fashion-MNIST training images
 * (784 features, 2-core machine) the search took about 1 s at t = 1e-9, 4 s at 1e-5 and 24 s at
 * 1e-4.
 *
 * <p>Bitwise-identical rows are grouped first by hashing, so a large set of identical rows does
 * not make the scan quadratic; every pair inside such a group counts as co-aligned without a
 * cosine. NOTE: a large group of rows that are scaled or negated copies of each other, rather
 * than identical, still costs time quadratic in the group's size. With {@code t = 0} only
 * identical rows are found reliably, because rounding can put the cosine of a scaled copy just
 * below 1. All-zero rows are skipped, because their cosine is undefined.
 */
public final class CoAlignedRows {

    private static final int DIRECTIONS = 16;
    // Added to the window so that rounding in the projections cannot exclude a true pair.
    private static final double WINDOW_SLACK = 1e-9;

    private CoAlignedRows() {
    }

    /**
     * The pairs found.
     *
     * @param pairCount the number of pairs (i, j), i &lt; j, that are co-aligned
     * @param examplePairs the lexicographically smallest pairs, each {@code {i, j}} with i &lt; j
     * @param groupLeader for each row, the smallest row index of its group, or the row itself
     *     when it has no pair. Groups are the connected components of the pairs.
     * @param groupCount the number of groups with at least two rows
     */
    public record Result(long pairCount, List<int[]> examplePairs, int[] groupLeader,
            int groupCount) {

        /** Returns the number of rows that are not the first row of their group. */
        public int redundantRows() {
            int count = 0;
            for (int i = 0; i < groupLeader.length; i++) {
                if (groupLeader[i] != i) {
                    count++;
                }
            }
            return count;
        }
    }

    /**
     * Finds every co-aligned pair of rows of {@code x}.
     *
     * @param x the rows to compare; not modified
     * @param tolerance t in [0, 1): rows match when {@code |cos| >= 1 - t}
     * @param random the source of the projection directions
     * @param maxExamples how many of the smallest pairs to return
     * @return the pairs and groups
     */
    public static Result find(Matrix x, double tolerance, SplittableRandom random,
            int maxExamples) {
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        int n = x.rows();
        int d = x.cols();
        double[] data = x.data();
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = i * d; k < (i + 1) * d; k++) {
                sum += data[k] * data[k];
            }
            norms[i] = Math.sqrt(sum);
        }

        UnionFind groups = new UnionFind(n);
        ExampleSet examples = new ExampleSet(maxExamples);
        long pairCount = 0;

        // Group bitwise-identical rows; each class is then scanned through its first row.
        int[] classLeader = identicalClasses(x, norms);
        Map<Integer, int[]> members = classMembers(classLeader);
        for (int[] memberList : members.values()) {
            long size = memberList.length;
            pairCount += size * (size - 1) / 2;
            for (int member : memberList) {
                groups.union(memberList[0], member);
            }
            examples.addWithin(memberList);
        }

        // Project each class leader on random unit directions, after division by its norm.
        int[] leaders = java.util.stream.IntStream.range(0, n)
                .filter(i -> classLeader[i] == i && norms[i] > 0).toArray();
        double[][] projections = project(x, norms, leaders, randomDirections(d, random));

        // Sort by the absolute first projection and compare neighbours within the window.
        double window = Math.sqrt(2 * tolerance) + WINDOW_SLACK;
        Integer[] order = new Integer[leaders.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        double[] first = projections[0];
        Arrays.sort(order, Comparator.comparingDouble(k -> Math.abs(first[k])));
        // Absolute projections in sorted order, so the scan below reads memory sequentially.
        double[][] sorted = new double[projections.length][order.length];
        for (int direction = 0; direction < projections.length; direction++) {
            for (int a = 0; a < order.length; a++) {
                sorted[direction][a] = Math.abs(projections[direction][order[a]]);
            }
        }
        double[] keys = sorted[0];
        for (int a = 0; a < order.length; a++) {
            for (int b = a + 1; b < order.length && keys[b] - keys[a] <= window; b++) {
                if (!withinWindow(sorted, a, b, window)) {
                    continue;
                }
                int i = leaders[order[a]];
                int j = leaders[order[b]];
                if (Math.abs(cosine(data, d, i, j, norms)) >= 1 - tolerance) {
                    int[] membersI = members.getOrDefault(i, new int[] {i});
                    int[] membersJ = members.getOrDefault(j, new int[] {j});
                    pairCount += (long) membersI.length * membersJ.length;
                    groups.union(i, j);
                    examples.addAcross(membersI, membersJ);
                }
            }
        }

        return new Result(pairCount, examples.pairs(), groups.smallestMembers(),
                groups.groupsWithPairs());
    }

    /** Returns the cosine of rows i and j of a row-major array with d columns. */
    static double cosine(double[] data, int d, int i, int j, double[] norms) {
        double dot = 0;
        int offsetI = i * d;
        int offsetJ = j * d;
        for (int k = 0; k < d; k++) {
            dot += data[offsetI + k] * data[offsetJ + k];
        }
        return dot / (norms[i] * norms[j]);
    }

    private static boolean withinWindow(double[][] sorted, int a, int b, double window) {
        for (int direction = 1; direction < sorted.length; direction++) {
            double[] p = sorted[direction];
            if (Math.abs(p[a] - p[b]) > window) {
                return false;
            }
        }
        return true;
    }

    /** Returns, for each row, the smallest index of a row bitwise equal to it (-0.0 == 0.0). */
    private static int[] identicalClasses(Matrix x, double[] norms) {
        int n = x.rows();
        int d = x.cols();
        double[] data = x.data();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long hash = 1125899906842597L;
            for (int k = i * d; k < (i + 1) * d; k++) {
                hash = 31 * hash + Double.doubleToLongBits(data[k] + 0.0);
            }
            hash ^= hash >>> 29;
            hash *= 0xBF58476D1CE4E5B9L;
            hash ^= hash >>> 32;
            keys[i] = (hash << 32) | i;
        }
        Arrays.sort(keys);

        int[] leader = new int[n];
        for (int i = 0; i < n; i++) {
            leader[i] = i;
        }
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && (keys[end] >>> 32) == (keys[start] >>> 32)) {
                end++;
            }
            // Rows with the same hash are usually identical; collisions are split off here.
            for (int a = start; a < end; a++) {
                int i = (int) keys[a];
                if (leader[i] != i || norms[i] == 0) {
                    continue;
                }
                for (int b = a + 1; b < end; b++) {
                    int j = (int) keys[b];
                    if (leader[j] == j && norms[j] > 0 && sameRow(data, d, i, j)) {
                        leader[j] = i;
                    }
                }
            }
            start = end;
        }
        return leader;
    }

    private static boolean sameRow(double[] data, int d, int i, int j) {
        for (int k = 0; k < d; k++) {
            if (data[i * d + k] != data[j * d + k]) {
                return false;
            }
        }
        return true;
    }

    /** Returns the members, in increasing order, of every class with at least two rows. */
    private static Map<Integer, int[]> classMembers(int[] classLeader) {
        Map<Integer, List<Integer>> lists = new HashMap<>();
        for (int i = 0; i < classLeader.length; i++) {
            if (classLeader[i] != i) {
                lists.computeIfAbsent(classLeader[i], leader -> new ArrayList<>(List.of(leader)))
                        .add(i);
            }
        }
        Map<Integer, int[]> members = new HashMap<>();
        for (Map.Entry<Integer, List<Integer>> entry : lists.entrySet()) {
            int[] sorted = entry.getValue().stream().mapToInt(Integer::intValue).sorted()
                    .toArray();
            members.put(entry.getKey(), sorted);
        }
        return members;
    }

    private static double[][] randomDirections(int d, SplittableRandom random) {
        double[][] directions = new double[DIRECTIONS][d];
        for (double[] direction : directions) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
                direction[k] = random.nextGaussian();
                sum += direction[k] * direction[k];
            }
            double scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
            for (int k = 0; k < d; k++) {
                direction[k] *= scale;
            }
        }
        return directions;
    }

    private static double[][] project(Matrix x, double[] norms, int[] rows,
            double[][] directions) {
        int d = x.cols();
        double[] data = x.data();
        double[][] projections = new double[directions.length][rows.length];
        for (int k = 0; k < rows.length; k++) {
            int offset = rows[k] * d;
            double inverseNorm = 1 / norms[rows[k]];
            for (int direction = 0; direction < directions.length; direction++) {
                double[] v = directions[direction];
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += data[offset + c] * v[c];
                }
                projections[direction][k] = dot * inverseNorm;
            }
        }
        return projections;
    }

    /** The lexicographically smallest pairs seen, up to a fixed number. */
    private static final class ExampleSet {

        private final int limit;
        private final TreeSet<Long> pairs = new TreeSet<>();

        ExampleSet(int limit) {
            this.limit = limit;
        }

        /** Adds pairs inside one sorted class; only its first members can be among the smallest. */
        void addWithin(int[] members) {
            int count = Math.min(members.length, limit + 1);
            for (int a = 0; a < count; a++) {
                for (int b = a + 1; b < count; b++) {
                    add(members[a], members[b]);
                }
            }
        }

        /** Adds pairs across two sorted classes. */
        void addAcross(int[] first, int[] second) {
            for (int a = 0; a < Math.min(first.length, limit); a++) {
                for (int b = 0; b < Math.min(second.length, limit); b++) {
                    add(Math.min(first[a], second[b]), Math.max(first[a], second[b]));
                }
            }
        }

        private void add(int i, int j) {
            if (limit == 0) {
                return;
            }
            pairs.add(((long) i << 32) | j);
            if (pairs.size() > limit) {
                pairs.pollLast();
            }
        }

        List<int[]> pairs() {
            List<int[]> list = new ArrayList<>(pairs.size());
            for (long pair : pairs) {
                list.add(new int[] {(int) (pair >>> 32), (int) pair});
            }
            return list;
        }
    }

    /** Disjoint sets over row indices, with path halving. */
    private static final class UnionFind {

        private final int[] parent;

        UnionFind(int n) {
            parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
        }

        int root(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int i, int j) {
            int rootI = root(i);
            int rootJ = root(j);
            if (rootI != rootJ) {
                parent[Math.max(rootI, rootJ)] = Math.min(rootI, rootJ);
            }
        }

        /** Returns, for each index, the smallest index in its set. */
        int[] smallestMembers() {
            int[] smallest = new int[parent.length];
            for (int i = 0; i < parent.length; i++) {
                // Roots are always the smallest member because union keeps the smaller root.
                smallest[i] = root(i);
            }
            return smallest;
        }

        int groupsWithPairs() {
            int count = 0;
            boolean[] hasOther = new boolean[parent.length];
            for (int i = 0; i < parent.length; i++) {
                int r = root(i);
                if (r != i && !hasOther[r]) {
                    hasOther[r] = true;
                    count++;
                }
            }
            return count;
        }
    }
}
