package org.masktrain.masks;

/**
 * The masks of one round: for sub-network l, the sorted indices of its active neurons.
 *
 * @param round the round k, counted from 0
 * @param active {@code active[l]} lists the neurons r with {@code mm^l_r = 1}, ascending; the
 *     arrays are shared, not copied, and must not be modified
 */
public record RoundMasks(int round, int[][] active) {

    /** Returns the number of sub-networks p. */
    public int subnetworks() {
        return active.length;
    }

    /** Returns how many sub-networks hold each of the {@code width} neurons (N_r). */
    public int[] memberships(int width) {
        int[] counts = new int[width];
        for (int[] neurons : active) {
            for (int r : neurons) {
                counts[r]++;
            }
        }
        return counts;
    }

    /** Writes the masks as 0/1 bytes, p rows of {@code width}, into {@code out} from 0. */
    public void toBytes(int width, byte[] out) {
        java.util.Arrays.fill(out, 0, active.length * width, (byte) 0);
        for (int l = 0; l < active.length; l++) {
            for (int r : active[l]) {
                out[l * width + r] = 1;
            }
        }
    }
}
