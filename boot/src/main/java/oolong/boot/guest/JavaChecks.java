package oolong.boot.guest;

/**
 * Java semantics that TeaVM 0.16's C backend leaves to C, restored for translated code.
 * The translator ({@link oolong.boot.teavm.JavaChecksTransformer}) routes int and long division
 * and remainder through these methods (C's division raises a #DE fault for a zero divisor and for
 * MIN_VALUE / -1) and checks every array size (TeaVM would allocate an array of garbage length
 * for a negative size). This class is compiled into every image and is not transformed itself.
 */
public final class JavaChecks {
    private JavaChecks() {
    }

    public static int divide(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("/ by zero");
        }
        return b == -1 ? -a : a / b;
    }

    public static int remainder(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("/ by zero");
        }
        return b == -1 ? 0 : a % b;
    }

    public static long divide(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("/ by zero");
        }
        return b == -1 ? -a : a / b;
    }

    public static long remainder(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("/ by zero");
        }
        return b == -1 ? 0 : a % b;
    }

    public static void arraySize(int size) {
        if (size < 0) {
            throw new NegativeArraySizeException(Integer.toString(size));
        }
    }
}
