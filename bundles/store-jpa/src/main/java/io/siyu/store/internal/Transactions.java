package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.SiyuException;
import io.siyu.api.UnavailableException;
import java.sql.SQLException;
import java.util.function.Function;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

/** Runs work in one resource-local transaction and turns database failures into API exceptions. */
final class Transactions {
    private final EntityManagerFactory emf;

    Transactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            Commits.committed();
            return result;
        } catch (SiyuException e) {
            throw e;
        } catch (PersistenceException e) {
            if (isConstraintViolation(e)) {
                throw new ConflictException("the change collides with existing data: " + rootMessage(e));
            }
            throw new UnavailableException("the store failed: " + rootMessage(e), e);
        } finally {
            if (tx.isActive()) {
                tx.rollback();
                Commits.rolledBack();
            }
            em.close();
        }
    }

    /** SQLState class 23 is "integrity constraint violation" on every database we support. */
    private static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
